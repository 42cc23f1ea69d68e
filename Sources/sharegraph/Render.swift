// `sharegraph render`: the data-sharing map, a focus on one party, purpose or category, or one person's paths.

public import ArgumentParser
import Foundation
import SharegraphCore
import SharegraphLedger
public import SharegraphRender

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw the graphs: the whole map, a focus, or one person's paths.",
        discussion: """
            Views (--view):
              overview              every party with a flow or a purpose (the default)
              party ID              where one party's data comes from and where it goes
              purpose ID            one purpose's flows and the flows onward from their recipients
              category ID           where a data category (or any category under it) goes
              subject FILE          one person's paths, from their trace as of --as-of

            DOT and Mermaid are written without Graphviz; svg, png and pdf are laid out by libgraphviz. The format follows --out's extension unless --format is given. Without --out the file is named after the first graph path and the view, in the current directory; --out - writes to standard output.

            Large maps are drawn with less detail: systems inside organisations up to 60 parties, one node per organisation up to 300, then organisations grouped by kind and country. --detail chooses the level yourself.

            Examples:
              sharegraph render Graphs/vekstly.yaml Graphs/shared.yaml --out vekstly.png
              sharegraph render Graphs --view party stripe --format svg
              sharegraph render Graphs --view subject Samples/subjects/vekstly-course-participant-card.yaml --format mermaid --out -
            """
    )

    @Argument(help: "Graph files or directories.")
    var paths: [String] = ["Graphs"]

    @OptionGroup var cache: CacheOptions

    @Option(parsing: .upToNextOption, help: "overview, party ID, purpose ID, category ID or subject FILE.")
    var view: [String] = ["overview"]

    @Option(help: "svg, png, pdf, dot or mermaid (default: from --out, else svg).")
    var format: DiagramFormat?

    @Option(help: "The output file, or - for standard output.")
    var out: String?

    @Option(help: "auto, systems, organisations or groups.")
    var detail: Detail = .auto

    @Option(help: "Graphviz layout engine: dot, sfdp, fdp or neato (default: chosen by size).")
    var engine: LayoutEngine?

    @Option(help: "The date the subject view's trace is computed for (YYYY-MM-DD); default today.")
    var asOf: String?

    enum Choice {
        case overview
        case party(String)
        case purpose(String)
        case category(String)
        case subject(String)
    }

    var choice: Choice? {
        switch (view.first, view.count) {
        case ("overview", 1): .overview
        case ("party", 2): .party(view[1])
        case ("purpose", 2): .purpose(view[1])
        case ("category", 2): .category(view[1])
        case ("subject", 2): .subject(view[1])
        default: nil
        }
    }

    /// The format asked for, else the one --out's extension names, else SVG.
    var resolvedFormat: DiagramFormat {
        if let format { return format }
        if let out, out != "-", let named = DiagramFormat(fileExtension: URL(fileURLWithPath: out).pathExtension) {
            return named
        }
        return .svg
    }

    func validate() throws {
        guard choice != nil else {
            throw ValidationError(
                "--view takes `overview`, `party ID`, `purpose ID`, `category ID` or `subject FILE`; got `\(view.joined(separator: " "))`"
            )
        }
        if let asOf, CalendarDate(iso: asOf) == nil {
            throw ValidationError("--as-of `\(asOf)` is not a date; write YYYY-MM-DD, e.g. 2025-01-31")
        }
        if let out, out != "-", let format {
            let ext = URL(fileURLWithPath: out).pathExtension
            if let named = DiagramFormat(fileExtension: ext), named != format {
                throw ValidationError(
                    "--out `\(out)` names a .\(ext) file but --format is \(format.rawValue); drop one of them")
            }
        }
    }

    func run() throws {
        let diagram: Diagram
        switch choice ?? .overview {
        case .subject(let file):
            let (index, subject) = try Inputs.load(graphs: paths, subject: file, cache: cache)
            let date = asOf.flatMap { CalendarDate(iso: $0) } ?? .today()
            diagram = SubjectView(trace: index.trace(subject, asOf: date), graph: index.graph, detail: detail).diagram()
        case .overview: diagram = try map(.whole)
        case .party(let id): diagram = try map(.party(id))
        case .purpose(let id): diagram = try map(.purpose(id))
        case .category(let id): diagram = try map(.category(id))
        }
        let bytes: [UInt8]
        do {
            bytes = try diagram.rendered(as: resolvedFormat, engine: engine)
        } catch {
            Terminal.error("\(error)")
            throw ExitCode(1)
        }
        let target = out ?? defaultName
        if target == "-" {
            FileHandle.standardOutput.write(Data(bytes))
        } else {
            try Output.write(Data(bytes), to: target)
            Terminal.standardError("wrote \(target): \(diagram.nodes.count) nodes, \(diagram.edges.count) edges")
        }
    }

    private func map(_ focus: MapView.Focus) throws -> Diagram {
        let index = try Inputs.graph(paths, cache: cache)
        do {
            return try MapView(index: index, focus: focus, detail: detail, engine: engine).diagram()
        } catch {
            throw Inputs.usage(error.description)
        }
    }

    /// The first path's name and the view, such as `vekstly-party-stripe.svg`.
    var defaultName: String {
        let first = URL(fileURLWithPath: paths.first ?? "Graphs").deletingPathExtension().lastPathComponent.lowercased()
        let suffix: String =
            switch choice ?? .overview {
            case .overview: "overview"
            case .party(let id): "party-\(id)"
            case .purpose(let id): "purpose-\(id)"
            case .category(let id): "category-\(id)"
            case .subject(let file): "subject-" + URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            }
        let safe = suffix.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_" ? $0 : "-" }
        return "\(first)-\(String(safe)).\(resolvedFormat.fileExtension)"
    }
}

extension DiagramFormat: ExpressibleByArgument {}
extension Detail: ExpressibleByArgument {}
extension LayoutEngine: ExpressibleByArgument {}
