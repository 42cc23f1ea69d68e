// The access report (Art. 15) a DPO can send to the person, in English or Norwegian Bokmål,
// as Markdown or a self-contained HTML page. Both are written from one list of blocks.

import Foundation
public import SharegraphCore
import SharegraphRender

/// The language of a report.
public enum ReportLanguage: String, Sendable, CaseIterable {
    case en, nb
}

/// An Art. 15 access report for one person.
public struct AccessReport: Sendable {
    /// The trace it reports.
    public var document: TraceDocument
    /// The trace the document was made from, for the diagram.
    public var trace: Trace
    /// The graph, for names, contacts and categories.
    public var graph: Graph
    /// The language.
    public var language: ReportLanguage

    /// Creates a report.
    public init(trace: Trace, document: TraceDocument, graph: Graph, language: ReportLanguage = .en) {
        self.trace = trace
        self.document = document
        self.graph = graph
        self.language = language
    }

    /// The diagram as an `<svg>` element without the XML prolog, or nil if Graphviz fails. It is an
    /// image with `label` for its name (a screen reader announces that, not Graphviz's graph name).
    static func inlineSVG(_ diagram: Diagram, label: String) -> String? {
        guard let bytes = try? diagram.rendered(as: .svg), let text = String(bytes: bytes, encoding: .utf8),
            let start = text.range(of: "<svg")
        else { return nil }
        var svg = String(text[start.lowerBound...]).trimmingCharacters(in: .whitespacesAndNewlines)
        let escaped = escape(label)
        svg.replaceSubrange(
            svg.startIndex..<svg.index(svg.startIndex, offsetBy: 4),
            with: "<svg role=\"img\" aria-label=\"\(escaped)\"")
        if let title = svg.range(of: "<title>sharegraph</title>") {
            svg.replaceSubrange(title, with: "<title>\(escaped)</title>")
        }
        return svg
    }

    /// One piece of the report, written out as Markdown or HTML.
    enum Block {
        case title(String)
        case heading(String)
        case paragraph(String)
        case list([String])
        case table(header: [String], rows: [[String]])
        case diagram(Diagram)
    }

    /// The report as Markdown (GitHub renders the Mermaid diagram).
    public func markdown() -> String {
        var output = ""
        for block in blocks() {
            switch block {
            case .title(let text): output += "# \(text)\n\n"
            case .heading(let text): output += "## \(text)\n\n"
            case .paragraph(let text): output += "\(text)\n\n"
            case .list(let items): output += items.map { "- \($0)" }.joined(separator: "\n") + "\n\n"
            case .table(let header, let rows):
                let escape = { (cell: String) in
                    cell.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
                }
                output += "| " + header.map(escape).joined(separator: " | ") + " |\n"
                output += "|" + String(repeating: "---|", count: header.count) + "\n"
                for row in rows { output += "| " + row.map(escape).joined(separator: " | ") + " |\n" }
                output += "\n"
            case .diagram(let diagram): output += "```mermaid\n\(MermaidWriter(diagram).text())```\n\n"
            }
        }
        return output
    }

    /// The report as one self-contained HTML page (no scripts, no external resources).
    public func html() -> String {
        var body = ""
        var title = ""
        for block in blocks() {
            switch block {
            case .title(let text):
                title = text
                body += "<h1>\(escape(text))</h1>\n"
            case .heading(let text): body += "<h2>\(escape(text))</h2>\n"
            case .paragraph(let text): body += "<p>\(escape(text))</p>\n"
            case .list(let items): body += "<ul>\n" + items.map { "<li>\(escape($0))</li>\n" }.joined() + "</ul>\n"
            case .table(let header, let rows):
                body +=
                    "<table>\n<thead><tr>" + header.map { "<th>\(escape($0))</th>" }.joined()
                    + "</tr></thead>\n<tbody>\n"
                for row in rows { body += "<tr>" + row.map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n" }
                body += "</tbody>\n</table>\n"
            case .diagram(let diagram):
                // The report opens offline, so the diagram is drawn here as SVG; if Graphviz cannot
                // draw it, the Mermaid source is kept instead, since the paths are listed in words above.
                if let svg = Self.inlineSVG(diagram, label: words.diagramLabel(holders: document.holders.count)) {
                    body += "<figure class=\"diagram\">\(svg)</figure>\n"
                } else {
                    body +=
                        "<details><summary>\(escape(words.diagramSource))</summary><pre>\(escape(MermaidWriter(diagram).text()))</pre></details>\n"
                }
            }
        }
        return """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)">
            <head>
            <meta charset="utf-8">
            <title>\(escape(title))</title>
            <style>
            body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; color: #1b1b1b; }
            figure.diagram { margin: 1rem calc(50% - 50vw); padding: 0 1rem; width: 100vw; box-sizing: border-box; overflow-x: auto; } figure.diagram svg { max-width: none; height: auto; }
            table { border-collapse: collapse; width: 100%; margin-bottom: 1.5rem; }
            th, td { border: 1px solid #c8c8c8; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
            th { background: #f0f0f0; }
            h2 { margin-top: 2rem; border-bottom: 1px solid #ddd; }
            </style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }

    private func escape(_ text: String) -> String { Self.escape(text) }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    private var words: ReportWords { ReportWords(language: language) }

    func blocks() -> [Block] {
        let words = self.words
        var blocks: [Block] = []
        let controllerNames = document.controllers.map { partyName($0) }
        blocks.append(.title(words.title))
        blocks.append(
            .paragraph(
                words.intro(
                    controllers: Self.joined(controllerNames, and: words.and), reference: document.subject,
                    date: document.asOf)))
        if let identity = document.identity {
            var items: [String] = []
            if let name = identity.name { items.append("\(words.name): \(name)") }
            items += identity.identifiers.map { "\($0.type): \($0.value)" }
            blocks.append(.list(items))
        }

        let held = document.holders.flatMap { holder in holder.holdings.map { (holder, $0) } }
        let certain = held.filter { $0.1.certainty == "held" }
        let possible = held.filter { $0.1.certainty == "possible" }

        for controller in document.controllers {
            let own = certain.filter { $0.0.party == controller && $0.1.role == "controller" }
            guard !own.isEmpty else { continue }
            blocks.append(.heading(words.whatWeHold(partyName(controller))))
            blocks.append(
                .table(
                    header: [words.purpose, words.categories, words.legalBasis, words.keptUntil, words.status],
                    rows: own.map { row($0.1) }))
        }

        let recipients = certain.filter { $0.1.role != "controller" }
        blocks.append(.heading(words.recipientsHeading))
        if recipients.isEmpty {
            blocks.append(.paragraph(words.noRecipients))
        } else {
            blocks.append(.paragraph(words.recipientsIntro))
            blocks.append(
                .table(
                    header: [
                        words.recipient, words.theirRole, words.categories, words.why, words.keptUntil, words.status,
                    ],
                    rows: recipients.map { holder, holding in
                        [
                            recipientName(holder),
                            words.role(
                                holding.role,
                                controller: partyName(holding.controller)),
                            categoryText(holding), purposeText(holding), keptUntil(holding), statusText(holding),
                        ]
                    }))
        }
        let abroad = recipients.filter { $0.0.inEea == false }
        if !abroad.isEmpty {
            blocks.append(.heading(words.transfersHeading))
            blocks.append(
                .list(
                    abroad.map { holder, holding in
                        let mechanism = holding.routes.compactMap(\.transfer).first
                        return words.transfer(
                            recipientName(holder), country: holder.country ?? "?", mechanism: mechanism)
                    }))
        }
        if !possible.isEmpty {
            blocks.append(.heading(words.possibleHeading))
            blocks.append(.paragraph(words.possibleIntro))
            blocks.append(
                .list(
                    possible.map { holder, holding in
                        "\(recipientName(holder)): \(categoryText(holding)) (\(purposeText(holding))); \(words.onlyIf) \(unknownConditions(holder, holding).joined(separator: ", "))"
                    }))
        }
        let ending = held.filter { ["due", "restricted", "deleted"].contains($0.1.status.state) }
        if !ending.isEmpty {
            blocks.append(.heading(words.endingHeading))
            blocks.append(
                .list(
                    ending.map { holder, holding in
                        "\(recipientName(holder)), \(purposeText(holding)): \(statusText(holding))"
                    }))
        }
        if !document.derivedEvents.isEmpty {
            blocks.append(
                .paragraph(
                    words.derivedIntro + " "
                        + document.derivedEvents.map { words.derived($0, graph: graph) }.joined(separator: "; ") + "."))
        }
        blocks.append(.heading(words.diagramHeading))
        blocks.append(.paragraph(words.diagramIntro))
        blocks.append(
            .diagram(SubjectView(trace: trace, graph: graph, language: language == .nb ? .nb : .en).diagram()))
        blocks.append(.heading(words.rightsHeading))
        blocks.append(.list(words.rights(complaintTo: supervisoryAuthority())))
        let contacts = document.controllers.compactMap { id -> String? in
            guard let party = graph.party(id), let email = party.contact.email?.value else { return nil }
            return "\(party.name(in: language.rawValue)): \(email)"
        }
        if !contacts.isEmpty { blocks.append(.paragraph(words.contact + " " + contacts.joined(separator: "; ") + ".")) }
        return blocks
    }

    private func row(_ holding: TraceDocument.HoldingEntry) -> [String] {
        [purposeText(holding), categoryText(holding), basisText(holding), keptUntil(holding), statusText(holding)]
    }

    private func recipientName(_ holder: TraceDocument.Holder) -> String {
        let name = graph.party(holder.party)?.name(in: language.rawValue) ?? holder.name
        return holder.country.map { "\(name) (\($0))" } ?? name
    }

    /// A party's name in the report's language (its `name-nb` in Norwegian, where the graph gives one).
    private func partyName(_ id: String) -> String { graph.party(id)?.name(in: language.rawValue) ?? id }

    private func purposeText(_ holding: TraceDocument.HoldingEntry) -> String {
        graph.purpose(holding.purpose)?.name(in: language.rawValue) ?? holding.purposeName
    }

    /// What nobody recorded about the person that the holding depends on, in the reader's words:
    /// events and purposes by name, never as ids.
    private func unknownConditions(_ holder: TraceDocument.Holder, _ entry: TraceDocument.HoldingEntry) -> [String] {
        let diagramWords = DiagramWords(language == .nb ? .nb : .en)
        guard
            let holding = trace.holdings.first(where: {
                $0.party == holder.party && $0.purpose == entry.purpose
                    && ($0.role?.rawValue ?? "controller") == entry.role
            })
        else { return entry.unknownConditions.map(words.condition) }
        var conditions: [String] = []
        func add(_ text: String?) { if let text, !conditions.contains(text) { conditions.append(text) } }
        for route in holding.routes where route.certainty == .possible {
            for step in route.steps where step.truth == .unknown {
                add(diagramWords.condition(step.conditionValue, graph: graph))
                if let event = step.dateEvent, step.date == nil {
                    add(words.once(diagramWords.event(event, graph: graph)))
                }
            }
        }
        if holding.routes.isEmpty, let purpose = graph.purpose(holding.purpose) {
            add(diagramWords.condition(purpose.condition.value, graph: graph))
            if purpose.legalBasis?.value == .consent { add(diagramWords.condition(.consent(purpose.id), graph: graph)) }
        }
        return conditions.isEmpty ? entry.unknownConditions.map(words.condition) : conditions
    }

    private func categoryText(_ holding: TraceDocument.HoldingEntry) -> String {
        names(holding.categories)
    }

    private func basisText(_ holding: TraceDocument.HoldingEntry) -> String {
        guard let basis = holding.legalBasis.flatMap(LegalBasis.init(rawValue:)) else { return words.noBasis }
        var text = "\(words.basis(basis)) (\(words.article(basis.article)))"
        if let special = holding.specialCondition.flatMap(SpecialCondition.init(rawValue:)) {
            text += "; \(words.article(special.article))"
        }
        return text
    }

    private func keptUntil(_ holding: TraceDocument.HoldingEntry) -> String {
        let retention = holding.retention
        guard let rule = retention.rule else {
            return retention.source == "recipient" ? words.recipientDecides : words.notStated
        }
        if let lastDay = retention.lastDay { return "\(lastDay) (\(words.rule(rule, graph: graph)))" }
        return words.openUntil(
            rule: rule, notBefore: retention.notBefore, unknown: retention.unknownEvents ?? [], graph: graph)
    }

    /// The status; a restriction part of whose categories another purpose still uses says which, so
    /// no category is both "in use" and "used for nothing else".
    private func statusText(_ holding: TraceDocument.HoldingEntry) -> String {
        let status = words.status(holding.status)
        guard let inUse = holding.status.inUse, !inUse.isEmpty else { return status }
        let restricted = holding.categories.filter { !inUse.contains($0) }
        let purposes = (holding.status.inUseFor ?? []).map { graph.purpose($0)?.name(in: language.rawValue) ?? $0 }
        return words.partlyRestricted(
            restricted: names(restricted), status: status, inUse: names(inUse),
            purposes: Self.joined(purposes, and: words.and))
    }

    private func names(_ categories: [String]) -> String {
        let words = DiagramWords(language == .nb ? .nb : .en)
        return categories.map { words.category($0, taxonomy: graph.taxonomy) }.joined(separator: ", ")
    }

    /// The supervisory authority of the first controller's country.
    private func supervisoryAuthority() -> String {
        let country = document.controllers.first.flatMap { graph.party($0)?.country?.value }
        switch country {
        case "SE": return "Integritetsskyddsmyndigheten (IMY), www.imy.se"
        case "NO", nil: return "Datatilsynet, www.datatilsynet.no"
        default:
            return language == .nb ? "tilsynsmyndigheten i landet ditt" : "the supervisory authority in your country"
        }
    }

    static func joined(_ items: [String], and: String) -> String {
        guard items.count > 1, let last = items.last else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " \(and) " + last
    }
}
