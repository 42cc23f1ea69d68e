// The graph in the W3C Data Privacy Vocabulary (DPV 2.3), as Turtle or JSON-LD, so that other
// privacy tools can read it: each purpose as a `dpv:Process` with its controller, purpose, legal
// basis (`eu-gdpr:A6-1-*`, `A9-2-*`), personal data (the taxonomy's `pd:` terms), data subjects,
// recipients by role, storage condition, and transfers outside the EEA with their country
// (`loc:`) and safeguard; the policy's sentence as the description. Every `dpv:`, `pd:` and
// `eu-gdpr:` term used exists in the vocabulary (a test checks it with rdflib).

import Foundation
public import SharegraphCore

/// The graph as DPV triples.
public struct DPVExport: Sendable {
    /// An RDF term: an IRI (prefixed or `<...>`), or a literal with an optional language.
    enum Term: Hashable, Sendable {
        case iri(String)
        case literal(String, language: String?)
    }

    struct Triple: Hashable, Sendable {
        var subject: String
        var predicate: String
        var object: Term
    }

    static let prefixes: [(String, String)] = [
        ("dpv", "https://w3id.org/dpv#"), ("pd", "https://w3id.org/dpv/pd#"),
        ("eu-gdpr", "https://w3id.org/dpv/legal/eu/gdpr#"), ("loc", "https://w3id.org/dpv/loc#"),
        ("dct", "http://purl.org/dc/terms/"), ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ]

    private(set) var triples: [Triple] = []
    private var seen = Set<Triple>()

    /// The triples of every purpose in `index`'s graph.
    public init(index: TraceIndex) {
        let graph = index.graph
        let holdings = index.trace(Subject.anyone(in: graph), asOf: .unixEpoch).holdings
        let language = graph.policies.first?.language ?? "en"
        for purpose in graph.purposes {
            let process = Self.node("process", purpose.id.value)
            let controller = purpose.controller.value
            add(process, "rdf:type", .iri("dpv:Process"))
            add(process, "dpv:hasDataController", .iri(party(controller, type: "dpv:DataController", graph: graph)))
            let purposeNode = Self.node("purpose", purpose.id.value)
            add(purposeNode, "rdf:type", .iri("dpv:Purpose"))
            add(purposeNode, "dct:description", .literal(purpose.name, language: "en"))
            add(process, "dpv:hasPurpose", .iri(purposeNode))
            if let basis = purpose.legalBasis?.value { add(process, "dpv:hasLegalBasis", .iri(Self.article(basis))) }
            if let condition = purpose.specialCondition?.value {
                add(process, "dpv:hasLegalBasis", .iri(Self.article(condition)))
            }
            for category in purpose.categories.map(\.value) {
                add(process, "dpv:hasPersonalData", .iri(personalData(category, graph: graph)))
            }
            for type in purpose.subjects.map(\.value) {
                let node = Self.node("subject-type", type)
                add(node, "rdf:type", .iri("dpv:DataSubject"))
                add(node, "dct:description", .literal(graph.subjectTypes[type] ?? type, language: "en"))
                add(process, "dpv:hasDataSubject", .iri(node))
            }
            for holding in holdings where holding.purpose == purpose.id.value && holding.party != controller {
                guard let role = holding.role else { continue }
                switch role {
                case .processor, .subProcessor:
                    add(
                        process, "dpv:hasDataProcessor",
                        .iri(party(holding.party, type: "dpv:DataProcessor", graph: graph)))
                case .independentController:
                    add(
                        process, "dpv:hasRecipientThirdParty",
                        .iri(party(holding.party, type: "dpv:ThirdParty", graph: graph)))
                case .jointController:
                    add(
                        process, "dpv:hasRecipientDataController",
                        .iri(party(holding.party, type: "dpv:DataController", graph: graph)))
                case .authority:
                    add(process, "dpv:hasRecipient", .iri(party(holding.party, type: "dpv:Authority", graph: graph)))
                case .internal: continue
                }
                transfers(holding, process: process, graph: graph)
            }
            if let rule = purpose.retention?.value {
                let storage = Self.node("storage", purpose.id.value)
                let duration = Self.node("duration", purpose.id.value)
                add(storage, "rdf:type", .iri("dpv:StorageDuration"))
                add(storage, "dpv:hasDuration", .iri(duration))
                add(duration, "rdf:type", .iri(rule.kind == .until ? "dpv:UntilEventDuration" : "dpv:TemporalDuration"))
                add(duration, "dct:description", .literal(rule.description, language: "en"))
                add(process, "dpv:hasStorageCondition", .iri(storage))
            }
            if let quote = purpose.provenance.source?.text {
                add(process, "dct:description", .literal(quote, language: language))
            }
        }
    }

    /// An IRI of the export's own nodes.
    static func node(_ kind: String, _ id: String) -> String {
        "<urn:sharegraph:\(kind):\(id.unicodeScalars.map { scalar in scalar.properties.isAlphabetic || ("0"..."9").contains(Character(scalar)) || "-._".unicodeScalars.contains(scalar) ? String(scalar) : "%" + String(scalar.value, radix: 16, uppercase: true) }.joined())>"
    }

    static func article(_ basis: LegalBasis) -> String {
        "eu-gdpr:A6-1-" + String(basis.article.dropLast().last ?? "a")
    }

    static func article(_ condition: SpecialCondition) -> String {
        // `Art. 9(2)(a)` → `eu-gdpr:A9-2-a`.
        "eu-gdpr:A9-2-" + String(condition.article.dropLast().last ?? "a")
    }

    mutating func add(_ subject: String, _ predicate: String, _ object: Term) {
        let triple = Triple(subject: subject, predicate: predicate, object: object)
        if seen.insert(triple).inserted { triples.append(triple) }
    }

    mutating func party(_ id: String, type: String, graph: Graph) -> String {
        let node = Self.node("party", id)
        add(node, "rdf:type", .iri(type))
        if let party = graph.party(id) {
            add(node, "dpv:hasName", .literal(party.name.value, language: nil))
            if let country = party.country?.value { add(node, "dpv:hasCountry", .iri("loc:\(country)")) }
        }
        return node
    }

    mutating func personalData(_ category: String, graph: Graph) -> String {
        if let term = graph.taxonomy.categories[category]?.dpv { return term }
        let node = Self.node("category", category)
        add(node, "rdf:type", .iri("dpv:PersonalData"))
        add(node, "dct:description", .literal(graph.taxonomy.categories[category]?.name ?? category, language: "en"))
        return node
    }

    /// A recipient outside the EEA: a cross-border transfer to its country, under its safeguard.
    mutating func transfers(_ holding: Holding, process: String, graph: Graph) {
        guard let party = graph.party(holding.party), party.isInEEA == false, let country = party.country?.value
        else { return }
        let transfer = Self.node("transfer", "\(holding.purpose)/\(holding.party)")
        add(transfer, "rdf:type", .iri("dpv:CrossBorderTransfer"))
        add(transfer, "dpv:hasRecipient", .iri(Self.node("party", holding.party)))
        add(transfer, "dpv:hasThirdCountry", .iri("loc:\(country)"))
        for mechanism in Set(holding.routes.compactMap(\.transfer)) {
            switch mechanism {
            case .adequacy: add(transfer, "dpv:hasLegalBasis", .iri("eu-gdpr:A45-3"))
            case .scc: add(transfer, "dpv:hasLegalBasis", .iri("eu-gdpr:A46-2-c"))
            case .bcr: add(transfer, "dpv:hasLegalBasis", .iri("eu-gdpr:A46-2-b"))
            case .derogation:
                // Art. 49: the graph does not say which point of 49(1).
                add(transfer, "dpv:hasLegalBasis", .iri("dpv:DataTransferLegalBasis"))
                add(
                    transfer, "dct:description",
                    .literal("derogation for a specific situation (Art. 49)", language: "en"))
            }
        }
        add(process, "dpv:hasContext", .iri(transfer))
    }

    // MARK: Writing

    /// Turtle, the prefixes first, subjects in the order first met.
    public func turtle() -> String {
        var out = Self.prefixes.map { "@prefix \($0.0): <\($0.1)> ." }.joined(separator: "\n") + "\n"
        var order: [String] = []
        var bySubject: [String: [Triple]] = [:]
        for triple in triples {
            if bySubject[triple.subject] == nil { order.append(triple.subject) }
            bySubject[triple.subject, default: []].append(triple)
        }
        for subject in order {
            let lines = (bySubject[subject] ?? []).map {
                "    \($0.predicate == "rdf:type" ? "a" : $0.predicate) \(Self.turtle($0.object))"
            }
            out += "\n\(subject)\n" + lines.joined(separator: " ;\n") + " .\n"
        }
        return out
    }

    static func turtle(_ term: Term) -> String {
        switch term {
        case .iri(let iri): return iri
        case .literal(let text, let language):
            var escaped = ""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\\": escaped += "\\\\"
                case "\"": escaped += "\\\""
                case "\n": escaped += "\\n"
                case "\r": escaped += "\\r"
                case "\t": escaped += "\\t"
                default: escaped.unicodeScalars.append(scalar)
                }
            }
            return "\"\(escaped)\"" + (language.map { "@\($0)" } ?? "")
        }
    }

    /// JSON-LD: the prefixes as the context, one node object per subject in `@graph`.
    public func jsonLD() -> String {
        func full(_ iri: String) -> String {
            if iri.hasPrefix("<") { return String(iri.dropFirst().dropLast()) }
            return iri
        }
        func string(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\\": out += "\\\\"
                case "\"": out += "\\\""
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        var order: [String] = []
        var bySubject: [String: [Triple]] = [:]
        for triple in triples {
            if bySubject[triple.subject] == nil { order.append(triple.subject) }
            bySubject[triple.subject, default: []].append(triple)
        }
        let context = Self.prefixes.map { "    \(string($0.0)): \(string($0.1))" }.joined(separator: ",\n")
        var nodes: [String] = []
        for subject in order {
            let triples = bySubject[subject] ?? []
            var fields = ["\"@id\": \(string(full(subject)))"]
            let types = triples.filter { $0.predicate == "rdf:type" }.compactMap { triple -> String? in
                if case .iri(let iri) = triple.object { return string(full(iri)) }
                return nil
            }
            if !types.isEmpty { fields.append("\"@type\": [\(types.joined(separator: ", "))]") }
            var predicates: [String] = []
            for triple in triples where triple.predicate != "rdf:type" && !predicates.contains(triple.predicate) {
                predicates.append(triple.predicate)
            }
            for predicate in predicates {
                let values = triples.filter { $0.predicate == predicate }.map { triple -> String in
                    switch triple.object {
                    case .iri(let iri): return "{\"@id\": \(string(full(iri)))}"
                    case .literal(let text, let language):
                        return "{\"@value\": \(string(text))"
                            + (language.map { ", \"@language\": \(string($0))" } ?? "") + "}"
                    }
                }
                fields.append("\(string(predicate)): [\(values.joined(separator: ", "))]")
            }
            nodes.append("    {\n      " + fields.joined(separator: ",\n      ") + "\n    }")
        }
        return "{\n  \"@context\": {\n\(context)\n  },\n  \"@graph\": [\n" + nodes.joined(separator: ",\n")
            + "\n  ]\n}\n"
    }
}
