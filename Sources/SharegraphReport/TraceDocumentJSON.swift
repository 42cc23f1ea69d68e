// The trace as compact JSON, written directly: the server's answer to POST /api/v1/trace.
//
// Measured (Benchmarks/server, 1,000 generated parties, a person's trace of about 560 KB): with
// `JSONEncoder`, encoding took 72% of the server's CPU (perf) and the server answered 119 traces a
// second on 2 cores. The bytes are those `JSONEncoder` writes with `.sortedKeys`,
// `.withoutEscapingSlashes` and snake-case keys, without pretty printing; TraceJSONTests holds the
// two to the same bytes for every sample person and generated people.

import SharegraphSupport

extension TraceDocument {
    /// Compact JSON with sorted snake-case keys: what `JSONEncoder` writes without pretty printing.
    public func compactJSON() -> String { String(decoding: compactJSONBytes(), as: UTF8.self) }

    /// The compact JSON as UTF-8 bytes, for a response body.
    public func compactJSONBytes() -> [UInt8] {
        var out = JSONText()
        out.reserve(4_096 + holders.count * 1_024)
        out.open()
        out.field("as_of", asOf)
        out.key("controllers")
        out.strings(controllers)
        out.key("derived_events")
        out.array(derivedEvents) { out, event in
            out.open()
            out.field("controller", event.controller)
            out.field("date", event.date)
            out.field("event", event.event)
            out.field("from", event.from)
            out.field("future", event.future)
            out.close()
        }
        out.key("holders")
        out.array(holders) { out, holder in Self.write(holder, to: &out) }
        if let identity {
            out.key("identity")
            out.open()
            out.key("identifiers")
            out.array(identity.identifiers) { out, identifier in
                out.open()
                out.field("controller", identifier.controller)
                out.field("type", identifier.type)
                out.field("value", identifier.value)
                out.close()
            }
            out.optional("name", identity.name)
            out.close()
        }
        out.key("past_retention")
        out.array(pastRetention) { out, entry in
            out.open()
            out.field("party", entry.party)
            out.field("purpose", entry.purpose)
            out.field("reason", entry.reason)
            out.field("since", entry.since)
            out.close()
        }
        out.field("schema", schema)
        out.field("subject", subject)
        out.key("summary")
        out.open()
        out.field("deleted", summary.deleted)
        out.field("due", summary.due)
        out.field("held", summary.held)
        out.field("holdings", summary.holdings)
        out.field("open_dates", summary.openDates)
        out.field("parties", summary.parties)
        out.field("possible", summary.possible)
        out.field("restricted", summary.restricted)
        out.close()
        out.close()
        return out.bytes
    }

    private static func write(_ holder: Holder, to out: inout JSONText) {
        out.open()
        out.optional("country", holder.country)
        out.key("holdings")
        out.array(holder.holdings) { out, holding in write(holding, to: &out) }
        out.optional("in_eea", holder.inEea)
        out.field("kind", holder.kind)
        out.field("name", holder.name)
        out.field("party", holder.party)
        out.close()
    }

    private static func write(_ holding: HoldingEntry, to out: inout JSONText) {
        out.open()
        out.optional("article", holding.article)
        out.key("categories")
        out.strings(holding.categories)
        out.field("certainty", holding.certainty)
        out.field("controller", holding.controller)
        out.key("identifier_types")
        out.strings(holding.identifierTypes)
        out.optional("legal_basis", holding.legalBasis)
        out.field("purpose", holding.purpose)
        out.field("purpose_name", holding.purposeName)
        let retention = holding.retention
        out.key("retention")
        out.open()
        out.optional("anchor_date", retention.anchorDate)
        out.optional("anchor_event", retention.anchorEvent)
        out.optional("at_latest", retention.atLatest)
        out.optional("last_day", retention.lastDay)
        out.optional("not_before", retention.notBefore)
        out.field("open", retention.open)
        out.optional("policy_last_day", retention.policyLastDay)
        out.optional("policy_rule", retention.policyRule)
        out.optional("rule", retention.rule)
        out.field("source", retention.source)
        if let unknown = retention.unknownEvents {
            out.key("unknown_events")
            out.strings(unknown)
        }
        out.close()
        out.field("role", holding.role)
        out.key("routes")
        out.array(holding.routes) { out, route in
            out.open()
            out.key("categories")
            out.strings(route.categories)
            out.field("certainty", route.certainty)
            out.optional("contract", route.contract)
            out.optional("contract_kind", route.contractKind)
            out.key("steps")
            out.array(route.steps) { out, step in
                out.open()
                out.optional("condition", step.condition)
                out.optional("condition_holds", step.conditionHolds)
                out.optional("date", step.date)
                out.optional("date_event", step.dateEvent)
                out.field("flow", step.flow)
                out.field("from", step.from)
                out.optional("from_system", step.fromSystem)
                out.field("role", step.role)
                out.field("to", step.to)
                out.optional("to_system", step.toSystem)
                out.close()
            }
            out.optional("transfer", route.transfer)
            out.optional("transfer_contract", route.transferContract)
            out.close()
        }
        out.key("special_categories")
        out.strings(holding.specialCategories)
        out.optional("special_condition", holding.specialCondition)
        let status = holding.status
        out.key("status")
        out.open()
        out.optional("duty", status.duty)
        if let inUse = status.inUse {
            out.key("in_use")
            out.strings(inUse)
        }
        if let inUseFor = status.inUseFor {
            out.key("in_use_for")
            out.strings(inUseFor)
        }
        out.optional("law", status.law)
        out.optional("reason", status.reason)
        out.optional("since", status.since)
        out.field("state", status.state)
        out.optional("until", status.until)
        out.close()
        out.key("unknown_conditions")
        out.strings(holding.unknownConditions)
        out.close()
    }
}
