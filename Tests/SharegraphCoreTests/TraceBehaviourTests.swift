// What the trace promises, each on a graph small enough to read: conditions, dates, statuses,
// cycles, several controllers, and the seed cases the DPO would check first.

import SharegraphCore
import SharegraphTestSupport
import Testing

struct TraceBehaviourTests {
    /// A controller with a processor chain, a conditional debt collector, a consent-based partner
    /// and a cycle between two processors.
    static let shop = """
        sharegraph: 1
        parties:
          - {id: shop, name: Shop, country: "NO"}
          - {id: host, name: Host, country: IE}
          - {id: backup, name: Backup, country: US}
          - {id: collector, name: Collector, country: "NO"}
          - {id: partner, name: Partner, country: "NO"}
          - {id: police, name: Police, kind: public-authority, country: "NO"}
        duties:
          - {id: books, name: Bookkeeping, law: bokføringsloven § 13, retention: end of year of financial-year-end + 5 years, categories: [financial]}
        purposes:
          - {id: shop.sale, controller: shop, legal-basis: contract, categories: [identity.name, contact.email, financial.invoice, commercial.orders], subjects: [customer], retention: contract-end + 1 month}
          - {id: shop.books, controller: shop, legal-basis: legal-obligation, duty: books, categories: [identity.name, financial.invoice], subjects: [customer], retention: end of year of financial-year-end + 5 years}
          - {id: shop.offers, controller: shop, legal-basis: consent, categories: [identity.name, contact.email], subjects: [customer], retention: until consent-withdrawn}
          - {id: shop.claims, controller: shop, legal-basis: legitimate-interests, balancing: claims, categories: [identity.name], subjects: [customer], when: dispute, retention: dispute + 3 years}
        contracts:
          - {id: host-dpa, type: dpa, parties: [shop, host]}
          - {id: backup-dpa, type: dpa, parties: [host, backup]}
        flows:
          - {id: to-host, from: shop, to: host, role: processor, purpose: shop.sale, categories: [identity.name, contact.email, commercial.orders], contract: host-dpa}
          - {id: host-to-backup, from: host, to: backup, role: sub-processor, categories: all, contract: backup-dpa, authorisation: host-dpa, transfer: {mechanism: scc}}
          - {id: backup-to-host, from: backup, to: host, role: sub-processor, categories: all, contract: backup-dpa, authorisation: host-dpa}
          - {id: to-collector, from: shop, to: collector, role: independent-controller, purpose: shop.sale, categories: [identity.name, financial.invoice], when: invoice-overdue, retention: invoice-overdue + 3 years}
          - {id: to-partner, from: shop, to: partner, role: independent-controller, purpose: shop.offers, categories: [identity.name, contact.email], when: {consent: shop.offers}}
          - {id: to-police, from: shop, to: police, role: authority, purpose: shop.books, categories: [identity.name, financial.invoice], when: police-request}
        """

    static func trace(_ relationship: String, asOf: String = "2025-06-01") throws -> Trace {
        let index = try Seeds.graph(shop)
        let subject = try Seeds.subject(
            "sharegraph-subject: 1\nreference: T-1\nrelationships:\n  - controller: shop\n    as: [customer]\n"
                + relationship, graph: index.graph)
        return index.trace(subject, asOf: CalendarDate.on(asOf))
    }

    @Test func aConditionalFlowIsHeldPossibleOrAbsentByWhatTheFileSays() throws {
        let overdue = try Self.trace("    events: {order: 2024-01-05, invoice-overdue: 2024-03-01}\n")
        #expect(overdue.at("collector").map(\.certainty) == [.held])
        let unknown = try Self.trace("    events: {order: 2024-01-05}\n")
        #expect(unknown.at("collector").map(\.certainty) == [.possible])
        let paid = try Self.trace("    events: {order: 2024-01-05}\n    not-happened: [invoice-overdue]\n")
        #expect(paid.at("collector").isEmpty)
        let complete = try Self.trace("    events: {order: 2024-01-05}\n    events-complete: true\n")
        #expect(complete.at("collector").isEmpty)
    }

    @Test func anEventAfterTheTraceDateHasNotHappenedYet() throws {
        let relationship = "    events: {order: 2024-01-05, invoice-overdue: 2025-03-01}\n"
        #expect(try Self.trace(relationship, asOf: "2025-02-28").at("collector").isEmpty)
        #expect(try Self.trace(relationship, asOf: "2025-03-01").at("collector").map(\.certainty) == [.held])
    }

    @Test func aPoliceRequestSwitchesTheDisclosureOn() throws {
        #expect(
            try Self.trace("    events: {order: 2024-01-05}\n    not-happened: [police-request]\n").at("police").isEmpty
        )
        let requested = try Self.trace("    events: {order: 2024-01-05, police-request: 2025-01-10}\n")
        #expect(requested.at("police").map(\.role) == [.authority])
        #expect(requested.at("police").first?.categories == ["financial.invoice", "identity.name"])
    }

    @Test func processorsChainsAndCyclesTerminateWithEveryPathKept() throws {
        let trace = try Self.trace("    events: {order: 2024-01-05}\n    events-complete: true\n")
        #expect(trace.parties == ["shop", "host", "backup"])
        let host = try #require(trace.at("host").first { $0.role == .processor })
        #expect(host.routes.map { $0.steps.map(\.flow) } == [["to-host"]])
        let backup = try #require(trace.at("backup").first)
        #expect(backup.role == .subProcessor)
        #expect(backup.routes.first?.steps.map(\.flow) == ["to-host", "host-to-backup"])
        #expect(backup.routes.first?.transfer == .scc)
        // The cycle back to the host is a second route, under the sub-processor role.
        #expect(trace.at("host").contains { $0.role == .subProcessor })
    }

    @Test func categoriesAreOnlyWhatTheSenderHoldsAndTheFlowCarries() throws {
        let trace = try Self.trace(
            "    categories: [identity.name, commercial.orders]\n    events: {order: 2024-01-05, invoice-overdue: 2024-03-01}\n"
        )
        #expect(trace.at("host").first?.categories == ["commercial.orders", "identity.name"])
        // The collector's flow carries invoices, which this person never gave: only the name arrives.
        #expect(trace.at("collector").first?.categories == ["identity.name"])
    }

    @Test func retentionDatesAndStatusesFollowTheRules() throws {
        // Contract ended 31 January 2024: one month later is 29 February (a leap year).
        let trace = try Self.trace(
            "    events: {order: 2023-06-10, contract-end: 2024-01-31}\n    events-complete: true\n", asOf: "2024-03-01"
        )
        let sale = try #require(trace.at("shop").first { $0.purpose == "shop.sale" })
        #expect(sale.retention.lastDay == CalendarDate.on("2024-02-29"))
        #expect(sale.status == .due(since: CalendarDate.on("2024-03-01"), reason: .retentionPassed))
        // The books run from the end of 2023 (the order's financial year) for five years, and are
        // only restricted once the sale purpose no longer needs the same data.
        let books = try #require(trace.at("shop").first { $0.purpose == "shop.books" })
        #expect(books.retention.lastDay == CalendarDate.on("2028-12-31"))
        #expect(books.status == .restricted(until: CalendarDate.on("2028-12-31"), duty: "books"))
        #expect(
            trace.derivedEvents["shop"]?.contains {
                $0.event == "financial-year-end" && $0.date == CalendarDate.on("2023-12-31")
            } == true)
        let before = try Self.trace(
            "    events: {order: 2023-06-10, contract-end: 2024-01-31}\n    events-complete: true\n", asOf: "2024-02-29"
        )
        #expect(before.at("shop").first { $0.purpose == "shop.books" }?.status == .held)
        #expect(before.at("shop").first { $0.purpose == "shop.sale" }?.status == .held)
    }

    @Test func whereARecipientsRetentionComesFrom() throws {
        let trace = try Self.trace(
            "    events: {order: 2024-01-05, contract-end: 2024-02-10, invoice-overdue: 2024-03-01, police-request: 2024-04-01}\n"
        )
        let collector = try #require(trace.at("collector").first)
        #expect(collector.retention.source == .flow)
        #expect(collector.retention.lastDay == CalendarDate.on("2027-03-01"))
        #expect(trace.at("host").first?.retention.source == .purpose)
        #expect(trace.at("host").first?.retention.lastDay == CalendarDate.on("2024-03-10"))
        let police = try #require(trace.at("police").first)
        #expect(police.retention.source == .recipient)
        #expect(police.retention.rule == nil)
    }

    @Test func anObjectionAndAnEndedDutyMakeHoldingsDue() throws {
        let objected = try Self.trace(
            "    events: {order: 2024-01-05, dispute: 2024-02-01, objection: {date: 2024-04-02, purpose: shop.claims}}\n"
        )
        #expect(
            objected.at("shop").first { $0.purpose == "shop.claims" }?.status
                == .due(since: CalendarDate.on("2024-04-02"), reason: .objection))
        #expect(objected.at("shop").first { $0.purpose == "shop.sale" }?.status == .held)
        let ended = try Self.trace(
            "    events: {order: 2023-06-10, contract-end: 2024-01-31}\n    events-complete: true\n", asOf: "2029-01-01"
        )
        #expect(
            ended.at("shop").first { $0.purpose == "shop.books" }?.status
                == .due(since: CalendarDate.on("2029-01-01"), reason: .dutyEnded))
    }

    @Test func anAnchorThatHasNotHappenedLeavesTheDateOpen() throws {
        let trace = try Self.trace("    events: {order: 2024-01-05}\n")
        let sale = try #require(trace.at("shop").first { $0.purpose == "shop.sale" })
        #expect(sale.retention.lastDay == nil)
        #expect(sale.retention.isOpen)
        #expect(sale.status == .held)
    }

    @Test func consentDecidesTheConsentPurposeAndItsFlows() throws {
        let unknown = try Self.trace("    events: {order: 2024-01-05}\n")
        #expect(unknown.at("shop").first { $0.purpose == "shop.offers" }?.certainty == .possible)
        #expect(unknown.at("partner").map(\.certainty) == [.possible])
        let refused = try Self.trace("    events: {order: 2024-01-05}\n    not-happened: [consent-given]\n")
        #expect(!refused.at("shop").contains { $0.purpose == "shop.offers" })
        #expect(refused.at("partner").isEmpty)
        // Consent given, then withdrawn: the data was shared and must now be erased everywhere.
        let withdrawn = try Self.trace(
            """
                events:
                  order: 2024-01-05
                  consent-given: {date: 2024-01-05, purpose: shop.offers}
                  consent-withdrawn: {date: 2025-02-01, purpose: shop.offers}

            """)
        let partner = try #require(withdrawn.at("partner").first)
        #expect(partner.certainty == .held)
        #expect(partner.status == .due(since: CalendarDate.on("2025-02-01"), reason: .consentWithdrawn))
    }

    @Test func aPurposeWithAConditionAppliesOnlyWhenItHolds() throws {
        #expect(
            try !Self.trace("    events: {order: 2024-01-05}\n    events-complete: true\n").at("shop").contains {
                $0.purpose == "shop.claims"
            })
        let dispute = try Self.trace("    events: {order: 2024-01-05, dispute: 2024-05-01}\n")
        let claims = try #require(dispute.at("shop").first { $0.purpose == "shop.claims" })
        #expect(claims.retention.lastDay == CalendarDate.on("2027-05-01"))
    }

    @Test func aConfirmedErasureMarksTheHoldingDeleted() throws {
        let trace = try Self.trace("    events: {order: 2024-01-05}\n    erasures: [{party: host, date: 2025-01-02}]\n")
        #expect(trace.at("host").allSatisfy { $0.status == .deleted(on: CalendarDate.on("2025-01-02")) })
        #expect(trace.at("shop").allSatisfy { $0.status != .deleted(on: CalendarDate.on("2025-01-02")) })
    }

    @Test func identifiersReachOnlyHoldersOfTheirCategory() throws {
        let trace = try Self.trace(
            "    identifiers: {email: a@example.no, customer-number: C-1}\n    events: {order: 2024-01-05, police-request: 2025-01-10}\n"
        )
        #expect(trace.at("shop").first { $0.purpose == "shop.sale" }?.identifierTypes == ["email", "customer-number"])
        #expect(trace.at("host").first?.identifierTypes == ["email"])
        #expect(trace.at("police").first?.identifierTypes == [])
    }

    // MARK: the seed graphs

    @Test func aJetpakPrivateCustomerHasThe36MonthAnd7YearRulesSideBySide() throws {
        let trace = Seeds.index.trace(
            try Seeds.sample("jetpak-private-customer-contract-ended.yaml"), asOf: CalendarDate.on("2025-06-01"))
        let contract = try #require(trace.at("jetpak").first { $0.purpose == "jetpak.contract" })
        #expect(contract.retention.lastDay == CalendarDate.on("2024-06-30"))
        #expect(contract.status == .due(since: CalendarDate.on("2024-07-01"), reason: .retentionPassed))
        let books = try #require(trace.at("jetpak").first { $0.purpose == "jetpak.bookkeeping" })
        #expect(books.status == .restricted(until: CalendarDate.on("2028-12-31"), duty: "se-bookkeeping"))
    }

    @Test func theJanteloppetDebtCollectorAppearsOnlyOnceTheInvoiceIsOverdue() throws {
        let overdue = Seeds.index.trace(
            try Seeds.sample("janteloppet-attendee-invoice-overdue.yaml"), asOf: CalendarDate.on("2025-06-01"))
        #expect(overdue.at("debt-collector").map(\.certainty) == [.held])
        let before = Seeds.index.trace(
            try Seeds.sample("janteloppet-attendee-invoice-overdue.yaml"), asOf: CalendarDate.on("2023-10-14"))
        #expect(before.at("debt-collector").isEmpty)
        let refused = Seeds.index.trace(
            try Seeds.sample("janteloppet-attendee-refused-sharing.yaml"), asOf: CalendarDate.on("2025-06-01"))
        #expect(refused.at("debt-collector").isEmpty)
        #expect(refused.at("janteloppet-event-partners").isEmpty)
    }

    @Test func aVekstlyCardPaymentReachesStripeInBothRolesAndStripeIncUnderSCCs() throws {
        let trace = Seeds.index.trace(
            try Seeds.sample("vekstly-course-participant-card.yaml"), asOf: CalendarDate.on("2024-03-10"))
        #expect(Set(trace.at("stripe").map(\.role)) == [.processor, .independentController])
        let inc = try #require(trace.at("stripe-inc").first)
        #expect(inc.routes.allSatisfy { $0.transfer == .scc })
        #expect(inc.status == .held)
    }

    @Test func aMergerSendsTheProspectRegisterToTheAcquirer() throws {
        let trace = Seeds.index.trace(
            try Seeds.sample("jetpak-prospect-merger.yaml"), asOf: CalendarDate.on("2025-06-01"))
        #expect(trace.at("acquirer").map(\.certainty) == [.held])
        let before = Seeds.index.trace(
            try Seeds.sample("jetpak-prospect-merger.yaml"), asOf: CalendarDate.on("2024-09-29"))
        #expect(before.at("acquirer").isEmpty)
    }
}
