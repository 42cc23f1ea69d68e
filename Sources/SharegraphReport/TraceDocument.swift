// The trace as a self-contained document (schema `sharegraph.trace/2`): the JSON scripts read,
// and the view model the terminal table, the Art. 15 report and the diagram are drawn from.

public import SharegraphCore
import Foundation

/// One person's trace with names resolved from the graph, ready to print or encode.
public struct TraceDocument: Codable, Sendable, Equatable {
    /// Always `sharegraph.trace/2`. Version 2: `summary.held` counts only certain holdings (each
    /// holding is counted once, in held, possible, due, restricted or deleted), and `past_retention`
    /// lists what must go first.
    public var schema = "sharegraph.trace/2"
    /// The subject's case reference.
    public var subject: String
    /// The person's name and identifiers; present only when asked for.
    public var identity: Identity?
    /// The date statuses are computed for (ISO 8601).
    public var asOf: String
    /// The controllers the person dealt with.
    public var controllers: [String]
    public var summary: Summary
    /// Holdings that are certainly held and past their retention (or whose consent was withdrawn,
    /// or to which the person objected): the findings to act on first.
    public var pastRetention: [PastRetentionEntry]
    /// Event dates worked out from other events.
    public var derivedEvents: [DerivedEventEntry]
    /// The parties holding data, in the order the trace reached them.
    public var holders: [Holder]

    /// A holding that should already be gone.
    public struct PastRetentionEntry: Codable, Sendable, Equatable {
        public var party: String
        public var purpose: String
        public var since: String
        public var reason: String
    }

    /// Counts for a quick answer; each holding is in exactly one of held, possible, due, restricted and deleted.
    public struct Summary: Codable, Sendable, Equatable {
        public var parties: Int
        public var holdings: Int
        public var held: Int
        public var possible: Int
        public var due: Int
        public var restricted: Int
        public var deleted: Int
        public var openDates: Int
    }

    /// The person's name and identifiers, only with `--show-identifiers`.
    public struct Identity: Codable, Sendable, Equatable {
        public var name: String?
        public var identifiers: [IdentifierEntry]
    }

    /// One identifier.
    public struct IdentifierEntry: Codable, Sendable, Equatable {
        public var controller: String
        public var type: String
        public var value: String
    }

    /// A date worked out from another event.
    public struct DerivedEventEntry: Codable, Sendable, Equatable {
        public var controller: String
        public var event: String
        public var date: String
        public var from: String
        /// Whether the date lies after the trace date (known, but not yet reached).
        public var future: Bool
    }

    /// One party and what it holds.
    public struct Holder: Codable, Sendable, Equatable {
        public var party: String
        public var name: String
        public var kind: String
        public var country: String?
        public var inEea: Bool?
        public var holdings: [HoldingEntry]
    }

    /// What a party holds under one purpose and role.
    public struct HoldingEntry: Codable, Sendable, Equatable {
        public var purpose: String
        public var purposeName: String
        public var controller: String
        /// `controller` for the collecting controller, else the role on the flows into the holder.
        public var role: String
        public var legalBasis: String?
        public var article: String?
        public var specialCondition: String?
        public var categories: [String]
        public var specialCategories: [String]
        /// `held` or `possible`.
        public var certainty: String
        /// The events whose being unknown makes the holding possible.
        public var unknownConditions: [String]
        public var retention: RetentionEntry
        public var status: StatusEntry
        public var identifierTypes: [String]
        public var routes: [RouteEntry]
    }

    /// The retention rule and the date it gives.
    public struct RetentionEntry: Codable, Sendable, Equatable {
        public var rule: String?
        /// `purpose`, `flow`, `duty`, `recipient` (an independent recipient decides) or `unknown` (none stated).
        public var source: String
        public var anchorEvent: String?
        public var anchorDate: String?
        public var lastDay: String?
        /// Whether `last_day` is only the latest possible day (`first of` with a part unknown).
        public var atLatest: Bool?
        /// A day before which the data is certainly not due, when no last day is known.
        public var notBefore: String?
        /// Whether no last day can be worked out yet (the anchor event's date is not known).
        public var open: Bool
        /// For data kept under a legal duty, the controller's own longer or shorter period from its
        /// policy, which is not a legal obligation, and the day it gives.
        public var policyRule: String?
        public var policyLastDay: String?
    }

    /// The status as of the trace date.
    public struct StatusEntry: Codable, Sendable, Equatable {
        /// `held`, `due`, `restricted` or `deleted`.
        public var state: String
        public var since: String?
        public var reason: String?
        public var until: String?
        public var duty: String?
        public var law: String?
    }

    /// One route into a holding.
    public struct RouteEntry: Codable, Sendable, Equatable {
        public var certainty: String
        public var categories: [String]
        public var contract: String?
        public var contractKind: String?
        public var transfer: String?
        public var transferContract: String?
        public var steps: [StepEntry]
    }

    /// One flow on a route.
    public struct StepEntry: Codable, Sendable, Equatable {
        public var flow: String
        public var from: String
        public var fromSystem: String?
        public var to: String
        public var toSystem: String?
        public var role: String
        public var condition: String?
        /// `yes` or `unknown`.
        public var conditionHolds: String?
        /// The event that dates the transfer (`on:`), and its date when it happened.
        public var dateEvent: String?
        public var date: String?
    }

    /// Builds the document; identifiers and name are included only when `showIdentifiers` is set.
    public init(trace: Trace, graph: Graph, subject: Subject, showIdentifiers: Bool = false) {
        self.subject = trace.subject
        self.asOf = trace.asOf.description
        self.controllers = trace.controllers
        if showIdentifiers {
            identity = Identity(
                name: subject.name?.value,
                identifiers: subject.relationships.flatMap { relationship in
                    relationship.identifiers.map { IdentifierEntry(controller: relationship.controller.value, type: $0.type.value, value: $0.value) }
                })
        }
        derivedEvents = trace.controllers.flatMap { controller in
            (trace.derivedEvents[controller] ?? []).map {
                DerivedEventEntry(controller: controller, event: $0.event, date: $0.date.description, from: $0.from, future: $0.date > trace.asOf)
            }
        }
        var byParty: [String: [HoldingEntry]] = [:]
        for holding in trace.holdings { byParty[holding.party, default: []].append(Self.entry(holding, graph: graph)) }
        holders = trace.parties.map { id in
            let party = graph.party(id)
            return Holder(
                party: id, name: party?.name.value ?? id, kind: Self.kind(of: id, graph: graph, trace: trace),
                country: party?.country?.value, inEea: party?.isInEEA, holdings: byParty[id] ?? [])
        }
        let counts = trace.summary
        summary = Summary(
            parties: counts.parties, holdings: counts.holdings, held: counts.held, possible: counts.possible, due: counts.due,
            restricted: counts.restricted, deleted: counts.deleted, openDates: counts.openDates)
        pastRetention = trace.pastRetention.compactMap { holding in
            guard case .due(let since, let reason) = holding.status else { return nil }
            return PastRetentionEntry(party: holding.party, purpose: holding.purpose, since: since.description, reason: reason.rawValue)
        }
    }

    /// What kind of holder a party is for this person: controller, processor, third party or authority.
    static func kind(of party: String, graph: Graph, trace: Trace) -> String {
        let roles = trace.holdings.filter { $0.party == party }.map(\.role)
        if roles.contains(where: { $0 == nil }) { return "controller" }
        if graph.party(party)?.kind == .publicAuthority || roles.allSatisfy({ $0 == .authority }) { return "authority" }
        if roles.contains(where: { $0 == .independentController || $0 == .jointController }) { return "third-party" }
        return roles.contains(.subProcessor) && !roles.contains(.processor) ? "sub-processor" : "processor"
    }

    private static func entry(_ holding: Holding, graph: Graph) -> HoldingEntry {
        let purpose = graph.purpose(holding.purpose)
        var unknown: [String] = []
        for route in holding.routes where route.certainty == .possible {
            for step in route.steps where step.truth == .unknown {
                if let condition = step.condition, !unknown.contains(condition) { unknown.append(condition) }
                if let event = step.dateEvent, step.date == nil, !unknown.contains("on \(event)") { unknown.append("on \(event)") }
            }
        }
        if holding.certainty == .possible, holding.routes.isEmpty, let purpose {
            if purpose.condition.value != .always { unknown.append(purpose.condition.value.summary) }
            if purpose.legalBasis?.value == .consent { unknown.append(Condition.consent(purpose.id).summary) }
        }
        return HoldingEntry(
            purpose: holding.purpose, purposeName: purpose?.name ?? holding.purpose, controller: holding.controller,
            role: holding.role?.rawValue ?? "controller", legalBasis: holding.legalBasis?.rawValue, article: holding.legalBasis?.article,
            specialCondition: holding.specialCondition?.rawValue, categories: holding.categories,
            specialCategories: holding.categories.filter { graph.taxonomy.isSpecial($0) }, certainty: holding.certainty.rawValue,
            unknownConditions: unknown, retention: retention(holding.retention), status: status(holding.status, graph: graph),
            identifierTypes: holding.identifierTypes,
            routes: holding.routes.map { route in
                RouteEntry(
                    certainty: route.certainty.rawValue, categories: route.categories, contract: route.contract,
                    contractKind: route.contractKind?.rawValue, transfer: route.transfer?.rawValue, transferContract: route.transferContract,
                    steps: route.steps.map { step in
                        StepEntry(
                            flow: step.flow, from: step.from, fromSystem: step.fromSystem, to: step.to, toSystem: step.toSystem,
                            role: step.role.rawValue, condition: step.condition,
                            conditionHolds: step.condition == nil && step.dateEvent == nil ? nil : (step.truth == .yes ? "yes" : "unknown"),
                            dateEvent: step.dateEvent, date: step.date?.description)
                    })
            })
    }

    private static func retention(_ outcome: RetentionOutcome) -> RetentionEntry {
        RetentionEntry(
            rule: outcome.rule?.description, source: outcome.source.rawValue, anchorEvent: outcome.anchorEvent ?? outcome.rule?.event,
            anchorDate: outcome.anchorDate?.description, lastDay: outcome.lastDay?.description, atLatest: outcome.atLatest ? true : nil,
            notBefore: outcome.notBefore?.description, open: outcome.isOpen, policyRule: outcome.policyRule?.description,
            policyLastDay: outcome.policyLastDay?.description)
    }

    private static func status(_ status: HoldingStatus, graph: Graph) -> StatusEntry {
        switch status {
        case .held: StatusEntry(state: "held")
        case .due(let since, let reason): StatusEntry(state: "due", since: since.description, reason: reason.rawValue)
        case .restricted(let until, let duty):
            StatusEntry(state: "restricted", until: until.description, duty: duty, law: graph.duty(duty)?.law)
        case .deleted(let on): StatusEntry(state: "deleted", since: on.description)
        }
    }

    /// Pretty JSON with sorted keys and snake_case names, identical from run to run.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
