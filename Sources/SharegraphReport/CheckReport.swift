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
    struct ArtifactLocation: Encodable, Sendable { var uri: String }
    struct Artifact: Encodable, Sendable { var location: ArtifactLocation }
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

    /// Builds a log from diagnostics; lint rules appear in the driver's rule table.
    public init(diagnostics: [Diagnostic], files: [String], toolVersion: String) {
        let rules = LintRule.all.map {
            Rule(
                id: $0.id, shortDescription: Message(text: $0.summary), help: Message(text: $0.hint),
                defaultConfiguration: Configuration(level: Self.level($0.severity)), properties: ["article": $0.article]
            )
        }
        let ruleIndex = Dictionary(uniqueKeysWithValues: LintRule.all.enumerated().map { ($1.id, $0) })
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
                            artifactLocation: ArtifactLocation(uri: Self.uri(diagnostic.location.file)), region: region)
                    )
                ])
        }
        runs = [
            Run(
                tool: Tool(driver: Driver(version: toolVersion, rules: rules)), results: results,
                artifacts: files.map { Artifact(location: ArtifactLocation(uri: Self.uri($0))) })
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
