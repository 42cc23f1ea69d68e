// The trace as a self-contained document (schema `sharegraph.trace/2`): the JSON scripts read,
// and the view model the terminal table, the Art. 15 report and the diagram are drawn from.

import Foundation
public import SharegraphCore

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
    /// Counts of the holdings by status.
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
        /// The holding party.
        public var party: String
        /// The purpose it held the data for.
        public var purpose: String
        /// The first day it was due (ISO 8601).
        public var since: String
        /// Why, in words.
        public var reason: String
    }

    /// Counts for a quick answer; each holding is in exactly one of held, possible, due, restricted and deleted.
    public struct Summary: Codable, Sendable, Equatable {
        /// Parties that hold or may hold something.
        public var parties: Int
        /// Holdings, one per party, purpose and role.
        public var holdings: Int
        /// Holdings certainly kept now.
        public var held: Int
        /// Holdings that depend on a fact nobody recorded.
        public var possible: Int
        /// Holdings past their last day.
        public var due: Int
        /// Holdings kept only under a legal duty (Art. 18 restriction).
        public var restricted: Int
        /// Holdings whose deletion is recorded.
        public var deleted: Int
        /// Holdings with a retention rule but no last day yet.
        public var openDates: Int
    }

    /// The person's name and identifiers, only with `--show-identifiers`.
    public struct Identity: Codable, Sendable, Equatable {
        /// The person's name, when the subject file gives it.
        public var name: String?
        /// The person's identifiers at each controller.
        public var identifiers: [IdentifierEntry]
    }

    /// One identifier.
    public struct IdentifierEntry: Codable, Sendable, Equatable {
        /// The controller that knows the identifier.
        public var controller: String
        /// The identifier's type.
        public var type: String
        /// The identifier.
        public var value: String
    }

    /// A date worked out from another event.
    public struct DerivedEventEntry: Codable, Sendable, Equatable {
        /// The controller the event concerns.
        public var controller: String
        /// The event worked out.
        public var event: String
        /// Its date (ISO 8601).
        public var date: String
        /// The event it was worked out from.
        public var from: String
        /// Whether the date lies after the trace date (known, but not yet reached).
        public var future: Bool
    }

    /// One party and what it holds.
    public struct Holder: Codable, Sendable, Equatable {
        /// The party's id.
        public var party: String
        /// Its name.
        public var name: String
        /// What kind of party it is.
        public var kind: String
        /// Its country (ISO 3166-1 alpha-2), when known.
        public var country: String?
        /// Whether the party is in the EEA, when known.
        public var inEea: Bool?
        /// What it holds, one entry per purpose and role.
        public var holdings: [HoldingEntry]
    }

    /// What a party holds under one purpose and role.
    public struct HoldingEntry: Codable, Sendable, Equatable {
        /// The purpose's id.
        public var purpose: String
        /// The purpose's name.
        public var purposeName: String
        /// The controller whose purpose it is.
        public var controller: String
        /// `controller` for the collecting controller, else the role on the flows into the holder.
        public var role: String
        /// The Art. 6(1) basis, when stated.
        public var legalBasis: String?
        /// The basis's article (`Art. 6(1)(b)`).
        public var article: String?
        /// The Art. 9(2) condition, when special categories are held.
        public var specialCondition: String?
        /// The categories held.
        public var categories: [String]
        /// The special categories among them (Art. 9(1)).
        public var specialCategories: [String]
        /// `held` or `possible`.
        public var certainty: String
        /// The events whose being unknown makes the holding possible.
        public var unknownConditions: [String]
        /// How long it is kept and until which day.
        public var retention: RetentionEntry
        /// Where it stands as of the trace date.
        public var status: StatusEntry
        /// The types of identifier the holder knows the person by.
        public var identifierTypes: [String]
        /// Each way the data reached the holder.
        public var routes: [RouteEntry]
    }

    /// The retention rule and the date it gives.
    public struct RetentionEntry: Codable, Sendable, Equatable {
        /// The rule as written (`contract-end + 36 months`).
        public var rule: String?
        /// `purpose`, `flow`, `duty`, `recipient` (an independent recipient decides) or `unknown` (none stated).
        public var source: String
        /// The event the rule counts from.
        public var anchorEvent: String?
        /// That event's date for this person, when known (ISO 8601).
        public var anchorDate: String?
        /// The last day the data may be kept (ISO 8601), when it can be worked out.
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
        /// The day the controller's own period gives (ISO 8601).
        public var policyLastDay: String?
        /// While no last day is known, the anchor events whose date the person's file does not
        /// give; absent when there are none (an `at least` rule whose anchor is recorded).
        public var unknownEvents: [String]? = nil
    }

    /// The status as of the trace date.
    public struct StatusEntry: Codable, Sendable, Equatable {
        /// `held`, `due`, `restricted` or `deleted`.
        public var state: String
        /// The day the status began (ISO 8601).
        public var since: String?
        /// Why, in words.
        public var reason: String?
        /// The last day of a restriction (ISO 8601).
        public var until: String?
        /// The legal duty that keeps the data, for a restriction.
        public var duty: String?
        /// The provision that imposes the duty.
        public var law: String?
        /// For a restriction: the categories another live purpose at the party still uses; only the
        /// rest is restricted.
        public var inUse: [String]? = nil
        /// The live purposes that use them.
        public var inUseFor: [String]? = nil
    }

    /// One route into a holding.
    public struct RouteEntry: Codable, Sendable, Equatable {
        /// `held` or `possible`.
        public var certainty: String
        /// The categories this route carried.
        public var categories: [String]
        /// The contract that governs the last flow.
        public var contract: String?
        /// That contract's kind.
        public var contractKind: String?
        /// The transfer mechanism, when the last flow leaves the EEA.
        public var transfer: String?
        /// The contract that carries the mechanism.
        public var transferContract: String?
        /// The flows from the collecting controller to the holder.
        public var steps: [StepEntry]
    }

    /// One flow on a route.
    public struct StepEntry: Codable, Sendable, Equatable {
        /// The flow's id.
        public var flow: String
        /// The sending party.
        public var from: String
        /// The sending system, when named.
        public var fromSystem: String?
        /// The receiving party.
        public var to: String
        /// The receiving system, when named.
        public var toSystem: String?
        /// The receiver's role on the flow.
        public var role: String
        /// The flow's condition, in words.
        public var condition: String?
        /// `yes` or `unknown`.
        public var conditionHolds: String?
        /// The event that dates the transfer (`on:`), and its date when it happened.
        public var dateEvent: String?
        /// The transfer's date (ISO 8601), when it happened.
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
                    relationship.identifiers.map {
                        IdentifierEntry(controller: relationship.controller.value, type: $0.type.value, value: $0.value)
                    }
                })
        }
        derivedEvents = trace.controllers.flatMap { controller in
            (trace.derivedEvents[controller] ?? []).map {
                DerivedEventEntry(
                    controller: controller, event: $0.event, date: $0.date.description, from: $0.from,
                    future: $0.date > trace.asOf)
            }
        }
        var byParty: [String: [HoldingEntry]] = [:]
        var roles: [String: [Role?]] = [:]
        for holding in trace.holdings {
            byParty[holding.party, default: []].append(Self.entry(holding, graph: graph))
            roles[holding.party, default: []].append(holding.role)
        }
        holders = trace.parties.map { id in
            let party = graph.party(id)
            return Holder(
                party: id, name: party?.name.value ?? id, kind: Self.kind(of: party, roles: roles[id] ?? []),
                country: party?.country?.value, inEea: party?.isInEEA, holdings: byParty[id] ?? [])
        }
        let counts = trace.summary
        summary = Summary(
            parties: counts.parties, holdings: counts.holdings, held: counts.held, possible: counts.possible,
            due: counts.due,
            restricted: counts.restricted, deleted: counts.deleted, openDates: counts.openDates)
        pastRetention = trace.pastRetention.compactMap { holding in
            guard case .due(let since, let reason) = holding.status else { return nil }
            return PastRetentionEntry(
                party: holding.party, purpose: holding.purpose, since: since.description, reason: reason.rawValue)
        }
    }

    /// What kind of holder a party is for this person: controller, processor, third party or authority.
    /// The holder's kind from the roles of its holdings (found once per trace, not per holder).
    static func kind(of party: Party?, roles: [Role?]) -> String {
        if roles.contains(where: { $0 == nil }) { return "controller" }
        if party?.kind == .publicAuthority || roles.allSatisfy({ $0 == .authority }) { return "authority" }
        if roles.contains(where: { $0?.usesDataForOwnPurposes == true }) { return "third-party" }
        return roles.contains(.subProcessor) && !roles.contains(.processor) ? "sub-processor" : "processor"
    }

    private static func entry(_ holding: Holding, graph: Graph) -> HoldingEntry {
        let purpose = graph.purpose(holding.purpose)
        var unknown: [String] = []
        for route in holding.routes where route.certainty == .possible {
            for step in route.steps where step.truth == .unknown {
                if let condition = step.condition, !unknown.contains(condition) { unknown.append(condition) }
                if let event = step.dateEvent, step.date == nil, !unknown.contains("on \(event)") {
                    unknown.append("on \(event)")
                }
            }
        }
        if holding.certainty == .possible, holding.routes.isEmpty, let purpose {
            if purpose.condition.value != .always { unknown.append(purpose.condition.value.summary) }
            if purpose.legalBasis?.value == .consent { unknown.append(Condition.consent(purpose.id).summary) }
        }
        return HoldingEntry(
            purpose: holding.purpose, purposeName: purpose?.name ?? holding.purpose, controller: holding.controller,
            role: holding.role?.rawValue ?? "controller", legalBasis: holding.legalBasis?.rawValue,
            article: holding.legalBasis?.article,
            specialCondition: holding.specialCondition?.rawValue, categories: holding.categories,
            specialCategories: holding.categories.filter { graph.taxonomy.isSpecial($0) },
            certainty: holding.certainty.rawValue,
            unknownConditions: unknown, retention: retention(holding.retention),
            status: status(holding, graph: graph),
            identifierTypes: holding.identifierTypes,
            routes: holding.routes.map { route in
                RouteEntry(
                    certainty: route.certainty.rawValue, categories: route.categories, contract: route.contract,
                    contractKind: route.contractKind?.rawValue, transfer: route.transfer?.rawValue,
                    transferContract: route.transferContract,
                    steps: route.steps.map { step in
                        StepEntry(
                            flow: step.flow, from: step.from, fromSystem: step.fromSystem, to: step.to,
                            toSystem: step.toSystem,
                            role: step.role.rawValue, condition: step.condition,
                            conditionHolds: step.condition == nil && step.dateEvent == nil
                                ? nil : (step.truth == .yes ? "yes" : "unknown"),
                            dateEvent: step.dateEvent, date: step.date?.description)
                    })
            })
    }

    private static func retention(_ outcome: RetentionOutcome) -> RetentionEntry {
        RetentionEntry(
            rule: outcome.rule?.description, source: outcome.source.rawValue,
            anchorEvent: outcome.anchorEvent ?? outcome.rule?.event,
            anchorDate: outcome.anchorDate?.description, lastDay: outcome.lastDay?.description,
            atLatest: outcome.atLatest ? true : nil,
            notBefore: outcome.notBefore?.description, open: outcome.isOpen,
            policyRule: outcome.policyRule?.description,
            policyLastDay: outcome.policyLastDay?.description,
            unknownEvents: outcome.unknownAnchors.isEmpty ? nil : outcome.unknownAnchors)
    }

    private static func status(_ holding: Holding, graph: Graph) -> StatusEntry {
        switch holding.status {
        case .held: StatusEntry(state: "held")
        case .due(let since, let reason): StatusEntry(state: "due", since: since.description, reason: reason.rawValue)
        case .restricted(let until, let duty):
            StatusEntry(
                state: "restricted", until: until.description, duty: duty, law: graph.duty(duty)?.law,
                inUse: holding.inUseElsewhere.isEmpty ? nil : holding.inUseElsewhere,
                inUseFor: holding.inUseFor.isEmpty ? nil : holding.inUseFor)
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
