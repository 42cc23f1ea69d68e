// The walk behind every trace: one person's data through the compiled graph, state by state, on
// the index's integer tables. What a holding's status is, and why, is decided by the rules in
// Rules/; the walk only asks them where its path depends on one (a recipient's own purposes).

extension TraceIndex {
    /// Walks the graph for one person as of a date; cost grows with the flows the data can take.
    ///
    /// A state is a (party, purpose, role). A state is walked again when its categories grow or it
    /// becomes certain, so the result does not depend on the order flows are met; categories only
    /// grow and certainty only rises, so the walk ends.
    ///
    /// The walk is one function whose helpers (`state`, `offer`, `follow`) are nested and work on
    /// its locals. Split into a struct with a method per step, it read better and was 15-20% slower
    /// (98 µs to 114-122 µs a walk on the 10,000-party map, `sharegraph-trace-bench`, alternated),
    /// so it stays as it is until a form that reads well and is not slower is found. Moved here from
    /// Trace.swift, with the own-purposes rule asked through a table by role code, it runs 67.6 M
    /// instructions for 21 walks where it ran 68.9 M (callgrind, collecting only inside this function,
    /// on the generated 10,000-party graph, seed 7, person-000000; wall time on the busy machine was
    /// within its noise, 163-315 µs a walk both ways).
    public func reach(_ subject: Subject, asOf: CalendarDate) -> Reach {
        var reach = Reach()
        // Everything the walk allocates grows with what it reaches, never with the graph: states and
        // conditions are found in small hash tables, so one person's trace costs the same in a graph
        // of a hundred parties or of a hundred thousand.
        var states = IntegerTable(capacity: 512)
        var queue: [Int32] = []
        var head = 0
        var processed: [CategorySet] = []
        // The own-purposes rule by role code, read once rather than through the static on every state.
        let ownPurposeRoles = Self.ownPurposeRoles
        // Each conditional flow's truth per relationship, worked out once.
        let relationshipCount = max(subject.relationships.count, 1)
        var truthCache = IntegerTable(capacity: 128)
        // Room for a typical person's reach up front, so the per-state lists are not regrown a
        // dozen times each on the way (a walk of a few hundred states takes a tenth of a millisecond).
        reach.reserve(states: 256, routes: 512)
        queue.reserveCapacity(256)
        processed.reserveCapacity(256)

        func state(_ party: Int32, _ purpose: Int32, _ role: UInt8, relationship: Int) -> Int32 {
            let key = UInt64(UInt32(bitPattern: party)) << 32 | UInt64(UInt32(bitPattern: purpose)) << 8 | UInt64(role)
            let number = Int32(reach.hot.count)
            let found = states.value(for: key, inserting: number)
            if found != number { return found }
            reach.hot.append(Reach.Hot(categories: .empty, purpose: purpose, role: role, certain: false, queued: false))
            reach.records.append(Reach.Record(party: party, relationship: Int32(relationship)))
            processed.append(.empty)
            return number
        }

        func offer(_ target: Int32, categories: CategorySet, certain: Bool, flow: Int32, from: Int32) {
            let index = Int(target)
            var hot = reach.hot[index]
            let merged = hot.categories.union(categories)
            var changed = merged != hot.categories
            hot.categories = merged
            if reach.records[index].parentState < 0, flow >= 0 {
                (reach.records[index].parentFlow, reach.records[index].parentState) = (flow, from)
            }
            if certain, !hot.certain {
                hot.certain = true
                if flow >= 0 { (reach.records[index].parentFlow, reach.records[index].parentState) = (flow, from) }
                changed = true
            }
            if changed, !hot.queued {
                hot.queued = true
                queue.append(target)
            }
            reach.hot[index] = hot
        }

        // Seeds: each controller's purposes that cover the person's subject types.
        for relationship in subject.relationships {
            guard let controller = partyPosition[relationship.controller.value],
                reach.knowledgeNumber(ofController: controller) == nil
            else { continue }
            let knowledge = EventKnowledge(
                relationship: relationship, asOf: asOf, eventPosition: eventPosition,
                financialYearEnd: graph.parties[Int(controller)].financialYearEnd?.value ?? .endOfCalendarYear)
            reach.knowledgeController.append(controller)
            reach.knowledge.append(knowledge)
            let types = Set(relationship.subjectTypes.map(\.value))
            let provided = relationship.categories.map { categories.closure(of: $0.map(\.value)) } ?? .all
            var collectedCertain = CategorySet.empty
            var collectedAny = CategorySet.empty
            for purposeIndex in purposesOfController[controller] ?? [] {
                let purpose = graph.purposes[purposeIndex]
                guard purpose.subjects.isEmpty || purpose.subjects.contains(where: { types.contains($0.value) }) else {
                    continue
                }
                var truth = knowledge.evaluate(purposeCondition[purposeIndex], in: self)
                if purpose.legalBasis?.value == .consent {
                    truth = min(truth, knowledge.consentWasGiven(to: purpose.id.value))
                }
                guard truth != .no else { continue }
                // The person may hand data straight to a recipient for this purpose (card details
                // typed into the payment processor's page): the walk starts at the person too.
                for subjectParty in subjectParties
                where !outFlowRanges(subjectParty, Int32(purposeIndex)).purpose.isEmpty {
                    offer(
                        state(
                            subjectParty, Int32(purposeIndex), Self.controllerRole,
                            relationship: reach.knowledge.count - 1), categories: provided, certain: truth == .yes,
                        flow: -1, from: -1)
                }
                let held = purposeCategories[purposeIndex].intersection(provided)
                guard !held.isEmpty else { continue }
                collectedAny = collectedAny.union(held)
                if truth == .yes { collectedCertain = collectedCertain.union(held) }
                offer(
                    state(
                        controller, Int32(purposeIndex), Self.controllerRole, relationship: reach.knowledge.count - 1),
                    categories: held, certain: truth == .yes, flow: -1, from: -1)
            }
            reach.collectedCertain.append(collectedCertain)
            reach.collectedAny.append(collectedAny)
        }

        while head < queue.count {
            let current = queue[head]
            head += 1
            let index = Int(current)
            reach.hot[index].queued = false
            let party = reach.records[index].party
            let purpose = reach.hot[index].purpose
            let isCertain = reach.hot[index].certain
            let relationship = Int(reach.records[index].relationship)
            var held = reach.hot[index].categories
            // At the controller, a flow may carry anything the controller collected about the
            // person, not only what the flow's purpose lists (what a processor is sent, it holds).
            if party == purposeController[Int(purpose)] {
                held = held.union(isCertain ? reach.collectedCertain[relationship] : reach.collectedAny[relationship])
            }
            let before = processed[index]
            processed[index] = held

            func follow(_ flow: CompiledFlow, for targetPurpose: Int32) {
                let flowCategories = categorySets[Int(flow.categories)]
                let carried = held.intersection(flowCategories)
                guard !carried.isEmpty else { return }
                var truth = Truth.yes
                let dated = !transferEvents.isEmpty && transferEvents[flow.number] != nil
                if case .always = flow.condition, !dated {
                } else {
                    let cacheKey = UInt64(flow.number) * UInt64(relationshipCount) + UInt64(relationship)
                    let cached = truthCache.value(for: cacheKey, inserting: -1)
                    if cached >= 0 {
                        truth = Truth(rawValue: Int(cached)) ?? .unknown
                    } else {
                        truth = self.truth(of: flow, knowledge: reach.knowledge[relationship])
                        truthCache.set(cacheKey, Int32(truth.rawValue))
                    }
                    guard truth != .no else { return }
                }
                let target = state(flow.to, targetPurpose, flow.role, relationship: relationship)
                if before.intersection(flowCategories).isEmpty {
                    let route = Int32(reach.routes.count)
                    reach.routes.append(Reach.Via(flow: flow.number, from: current))
                    let tail = reach.records[Int(target)].lastRoute
                    if tail < 0 {
                        reach.records[Int(target)].firstRoute = route
                    } else {
                        reach.routes[Int(tail)].next = route
                    }
                    reach.records[Int(target)].lastRoute = route
                }
                offer(
                    target, categories: carried, certain: isCertain && truth == .yes, flow: flow.number, from: current)
            }

            let (forPurpose, forAny) = outFlowRanges(party, purpose)
            for position in forPurpose { follow(outFlows[position], for: purpose) }
            for position in forAny { follow(outFlows[position], for: purpose) }
            // An independent or joint controller that received the data uses it for purposes of
            // its own: the flows it sends for them carry the data one hop further (a collector
            // taking the claim to court, a payment provider passing the card side to its acquirer).
            // Past that hop the data serves the recipient's purpose, so its processors act for it.
            if ownPurposeRoles[Int(reach.hot[index].role)], party != purposeController[Int(purpose)] {
                for own in purposesOfController[party] ?? [] where Int32(own) != purpose {
                    for position in outFlowRanges(party, Int32(own)).purpose {
                        follow(outFlows[position], for: Int32(own))
                    }
                }
            }
        }
        return reach
    }
}

extension TraceIndex {
    /// Whether a flow happened for the person: its condition and, for a flow dated by an event of
    /// its own (`on:`), that event.
    func truth(of flow: CompiledFlow, knowledge: EventKnowledge) -> Truth {
        var truth = knowledge.evaluate(flow.condition, in: self)
        if let event = transferEvents[flow.number] { truth = min(truth, knowledge.happened(Int(event))) }
        return truth
    }
}
