// Machine-readable forms of check results: Sharegraph's own JSON and SARIF 2.1.0 for code-scanning UIs.

import Foundation
public import SharegraphCore

/// The JSON document `sharegraph check --format json` prints (schema `sharegraph.check/1`).
public struct CheckReport: Codable, Sendable {
    /// One finding.
    public struct Finding: Codable, Sendable {
        /// The rule's id, or the loader's problem id.
        public var rule: String
        /// Error, warning or note.
        public var severity: Severity
        /// What is wrong.
        public var message: String
        /// The file it is in.
        public var file: String
        /// The line, from 1.
        public var line: Int
        /// The column, from 1.
        public var column: Int
        /// What to do about it.
        public var hint: String?
        /// The article the rule rests on.
        public var article: String?
    }

    /// Counts by severity.
    public struct Summary: Codable, Sendable {
        /// How many errors.
        public var errors: Int
        /// How many warnings.
        public var warnings: Int
        /// How many notes.
        public var notes: Int
    }

    /// Always `sharegraph.check/1`.
    public var schema = "sharegraph.check/1"
    /// The files read, in load order.
    public var files: [String]
    /// The counts by severity.
    public var summary: Summary
    /// Every finding, in file order.
    public var findings: [Finding]

    /// Builds the report from diagnostics.
    public init(diagnostics: [Diagnostic], files: [String]) {
        self.files = files
        self.summary = Summary(
            errors: diagnostics.count(of: .error), warnings: diagnostics.count(of: .warning),
            notes: diagnostics.count(of: .note))
        self.findings = diagnostics.map {
            Finding(
                rule: $0.id, severity: $0.severity, message: $0.message, file: $0.location.file, line: $0.location.line,
                column: $0.location.column, hint: $0.hint, article: $0.article)
        }
    }

    /// Pretty, key-sorted JSON, stable across runs.
    public func json() throws -> String {
        try ReportJSON.encode(self)
    }
}

/// A SARIF 2.1.0 log of check results.
public struct SARIFLog: Encodable, Sendable {
    struct Run: Encodable, Sendable {
        var tool: Tool
        var originalUriBaseIds: [String: BaseLocation]
        var results: [Result]
        var artifacts: [Artifact]
    }
    struct Tool: Encodable, Sendable { var driver: Driver }
    struct Driver: Encodable, Sendable {
        var name = "sharegraph"
        var informationUri = "https://github.com/sharegraph/sharegraph"
        var version: String
        var rules: [Rule]
    }
    struct Rule: Encodable, Sendable {
        var id: String
        var shortDescription: Message
        var help: Message
        var defaultConfiguration: Configuration
        var properties: [String: String]
    }
    struct Configuration: Encodable, Sendable { var level: String }
    struct Message: Encodable, Sendable { var text: String }
    struct Result: Encodable, Sendable {
        var ruleId: String
        var ruleIndex: Int?
        var level: String
        var message: Message
        var locations: [Location]
    }
    struct Location: Encodable, Sendable { var physicalLocation: PhysicalLocation }
    struct PhysicalLocation: Encodable, Sendable {
        var artifactLocation: ArtifactLocation
        var region: Region?
    }
    struct ArtifactLocation: Encodable, Sendable {
        var uri: String
        var uriBaseId: String?
    }
    struct Artifact: Encodable, Sendable { var location: ArtifactLocation }
    /// A base the relative locations resolve against; its URI is left to the consumer (the checkout).
    struct BaseLocation: Encodable, Sendable { var description: Message }
    struct Region: Encodable, Sendable {
        var startLine: Int
        var startColumn: Int
    }

    var version = "2.1.0"
    var schema = "https://json.schemastore.org/sarif-2.1.0.json"
    var runs: [Run]

    enum CodingKeys: String, CodingKey {
        case version
        case schema = "$schema"
        case runs
    }

    /// Builds a log from diagnostics. Every result's rule is in the driver's rule table: the lint
    /// rules, and each loader problem that occurs (`unknown-reference`, `invalid-date`), so a
    /// consumer that looks a result's rule up always finds it.
    public init(diagnostics: [Diagnostic], files: [String], toolVersion: String) {
        var rules = LintRule.all.map {
            Rule(
                id: $0.id, shortDescription: Message(text: $0.summary), help: Message(text: $0.hint),
                defaultConfiguration: Configuration(level: Self.level($0.severity)), properties: ["article": $0.article]
            )
        }
        var ruleIndex = Dictionary(uniqueKeysWithValues: LintRule.all.enumerated().map { ($1.id, $0) })
        for diagnostic in diagnostics where ruleIndex[diagnostic.id] == nil {
            ruleIndex[diagnostic.id] = rules.count
            rules.append(
                Rule(
                    id: diagnostic.id,
                    shortDescription: Message(text: "the graph, as written, cannot be read: \(diagnostic.id)"),
                    help: Message(text: "fix the file at the place given; docs/FORMAT.md describes each field"),
                    defaultConfiguration: Configuration(level: Self.level(diagnostic.severity)),
                    properties: ["article": "", "kind": "loader"]))
        }
        let results = diagnostics.map { diagnostic in
            let text = diagnostic.hint.map { "\(diagnostic.message). \($0)" } ?? diagnostic.message
            let region =
                diagnostic.location.line > 0
                ? Region(startLine: diagnostic.location.line, startColumn: diagnostic.location.column) : nil
            return Result(
                ruleId: diagnostic.id, ruleIndex: ruleIndex[diagnostic.id], level: Self.level(diagnostic.severity),
                message: Message(text: text),
                locations: [
                    Location(
                        physicalLocation: PhysicalLocation(
                            artifactLocation: Self.location(diagnostic.location.file), region: region)
                    )
                ])
        }
        runs = [
            Run(
                tool: Tool(driver: Driver(version: toolVersion, rules: rules)),
                originalUriBaseIds: [
                    Self.baseID: BaseLocation(
                        description: Message(text: "the directory `sharegraph check` ran in (the repository's root)"))
                ],
                results: results,
                artifacts: files.map { Artifact(location: Self.location($0)) })
        ]
    }

    /// Pretty, key-sorted JSON.
    public func json() throws -> String { try ReportJSON.encode(self) }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }

    /// The base that file locations are relative to: the directory the check ran in. Its absolute
    /// place is not written, so a log does not depend on where the checkout is.
    static let baseID = "SRCROOT"

    /// A file's location: relative to `SRCROOT` (the working directory) when it is under it, as
    /// code scanning expects; an absolute `file://` URI when it is elsewhere.
    static func location(_ path: String) -> ArtifactLocation {
        let directory = FileManager.default.currentDirectoryPath + "/"
        if path.hasPrefix("/") {
            guard path.hasPrefix(directory) else { return ArtifactLocation(uri: "file://" + uri(path), uriBaseId: nil) }
            return ArtifactLocation(uri: uri(String(path.dropFirst(directory.count))), uriBaseId: baseID)
        }
        return ArtifactLocation(uri: uri(path), uriBaseId: baseID)
    }

    /// Relative paths stay relative (SARIF resolves them against the repository root); spaces are escaped.
    static func uri(_ path: String) -> String {
        let trimmed = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
        return trimmed.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? trimmed
    }
}

/// The one JSON style all reports share.
enum ReportJSON {
    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
