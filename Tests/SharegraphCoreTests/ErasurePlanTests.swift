// The erasure plan on the seed graphs: each holder's action and its legal reason.

import Foundation
import SharegraphCore
import SharegraphTestSupport
import SharegraphYAML
import Testing

struct ErasurePlanTests {
    @Test func vekstlyParticipantInstructsAndInformsStripeAndRestrictsThePaymentRecords() throws {
        let plan = try Seeds.plan("vekstly-course-participant-erasure")
        let restrict = try #require(plan.notice("vekstly", .restrict))
        let item = try #require(restrict.instructions.first)
        #expect(item.kind == .restrict && item.law == "bokføringsloven § 13")
        #expect(item.categories == ["financial.invoice", "financial.transaction", "identity.name"])
        #expect(item.until == CalendarDate(iso: "2029-12-31"))
        let followUp = try #require(plan.notice("vekstly", .followUp))
        #expect(followUp.notBefore == CalendarDate(iso: "2030-01-01"))
        let erase = try #require(plan.notice("vekstly", .erase))
        #expect(!erase.categories.contains("identity.name"), "the name stays restricted for the bookkeeping")
        let instruct = try #require(plan.notice("stripe", .instruct))
        #expect(instruct.reason.hasPrefix("Art. 28(3)(g)"))
        #expect(instruct.channel == .email(address: "privacy@stripe.com"))
        let inform = try #require(plan.notice("stripe", .inform))
        #expect(inform.reason.hasPrefix("Art. 19"))
        let subProcessor = try #require(plan.notice("stripe-inc", .instruct))
        #expect(subProcessor.parent == instruct.key && subProcessor.channel == .relay(via: "stripe"))
        #expect(plan.deadline.promised == CalendarDate(iso: "2026-12-04"), "14 working days after 16 November")
        #expect(plan.deadline.effective == plan.deadline.promised)
    }

    @Test func janteloppetAttendeeWithAnOverdueInvoiceReachesTheDebtCollectorAndTheEventPartners() throws {
        let plan = try Seeds.plan("janteloppet-attendee-erasure")
        let collector = try #require(plan.notice("debt-collector", .inform))
        #expect(collector.categories.contains("financial.invoice"))
        #expect(collector.certainty == .held)
        #expect(plan.notice("janteloppet-event-partners", .inform) != nil)
        #expect(plan.notice("janteloppet-service-providers", .instruct) != nil)
        #expect(plan.notice("janteloppet", .restrict)?.instructions.first?.law == "bokføringsloven § 13")
    }

    @Test func igoEmployeeReachesTheProcessorAndItsSubProcessorsInDependencyOrder() throws {
        let plan = try Seeds.plan("igo-employee-erasure")
        let keys = plan.notices.map(\.key)
        #expect(keys == ["igo/erase", "igo-processor/instruct", "igo-processor-subprocessors/instruct"])
        #expect(plan.notices[2].parent == "igo-processor/instruct")
        #expect(plan.children(of: "igo-processor/instruct").map(\.recipient) == ["igo-processor-subprocessors"])
        #expect(
            plan.deadline.statutory == CalendarDate(iso: "2026-03-02"),
            "31 January + 1 month is 28 February, a Saturday, so Monday")
    }

    @Test func jetpakCustomerKeepsInvoicesForSevenSwedishYearsAndThePoliceGetNoNotice() throws {
        let plan = try Seeds.plan("jetpak-customer-erasure")
        let restrict = try #require(plan.notice("jetpak", .restrict)?.instructions.first)
        #expect(restrict.law == "bokföringslagen 7 kap. 2 §")
        #expect(restrict.until == CalendarDate(iso: "2031-12-31"))
        #expect(restrict.categories.contains("financial.invoice"))
        let erase = try #require(plan.notice("jetpak", .erase))
        #expect(erase.categories.contains("contact") && !erase.categories.contains("financial.invoice"))
        let police = try #require(plan.notice("police", .noNotice))
        #expect(police.reason.contains("Art. 4(9)") && police.deadline == nil && police.identities.isEmpty)
        #expect(
            police.instructions.isEmpty && police.categories.contains("financial.invoice"),
            "the police are asked nothing; the plan names what they received")
        #expect(!plan.notices.contains { $0.recipient == "police" && $0.action != .noNotice })
        #expect(plan.deadline.extended == CalendarDate(iso: "2027-02-22"), "20 Feb 2027 is a Saturday")
        #expect(plan.deadline.effective == plan.deadline.extended)
    }

    @Test func consentWithdrawalEndsOnlyConsentProcessingAndKeepsWhatOtherPurposesNeed() throws {
        let plan = try Seeds.plan("jetpak-email-marketing-withdrawal")
        #expect(plan.notices.map(\.key) == ["jetpak/erase"])
        #expect(plan.notices[0].categories == ["marketing.preferences", "marketing.profile"])
        #expect(plan.kept.contains { $0.purpose == "jetpak.contract" && $0.reason.contains("not based on consent") })
    }

    @Test func anOpenDisputeHoldsTheLegalClaimsDataAndTheRestIsErased() throws {
        let loaded = Seeds.parse(
            """
            sharegraph-request: 1
            id: jetpak-dispute-1
            controller: jetpak
            received: 2026-11-20
            scope: erasure
            subject:
              reference: JP-TEST-1
              relationships:
                - controller: jetpak
                  as: [customer]
                  identifiers: {email: dispute@example.no}
                  events: {contract-start: 2022-01-10, transaction: 2024-11-30, dispute: 2025-01-15}
                  not-happened: [dispute-resolved, police-request, merger, contract-end]
            """)
        #expect(loaded.diagnostics.filter { $0.severity == .error }.isEmpty, "\(loaded.diagnostics)")
        let plan = try Seeds.index.erasurePlan(for: try #require(loaded.requests.first))
        let hold = try #require(plan.notice("jetpak", .hold))
        #expect(hold.reason.hasPrefix("Art. 17(3)(e)") && hold.purposes == ["jetpak.legal-claims"])
        let erase = try #require(plan.notice("jetpak", .erase))
        #expect(!erase.categories.contains { hold.categories.contains($0) })
    }

    @Test func aRetentionSweepErasesOnlyWhatIsDue() throws {
        let loaded = Seeds.parse(
            """
            sharegraph-request: 1
            id: vekstly-sweep-1
            subject: ../subjects/vekstly-course-participant-card.yaml
            controller: vekstly
            received: 2026-11-16
            scope: retention-sweep
            """)
        let plan = try Seeds.index.erasurePlan(for: try #require(loaded.requests.first))
        let erase = try #require(plan.notice("vekstly", .erase))
        #expect(!erase.categories.contains("contact.email"), "newsletter marketing still holds the e-mail")
        #expect(erase.categories.contains("participation.course"))
        #expect(plan.notice("vekstly", .restrict) == nil)
        #expect(plan.kept.contains { $0.purpose == "vekstly.marketing" })
    }

    @Test func recipientsGetOnlyIdentifiersTheyAlreadyHold() throws {
        let plan = try Seeds.plan("janteloppet-attendee-erasure")
        let processor = try #require(plan.notice("janteloppet-service-providers", .instruct))
        // The flow to the service providers sends name and contact details (Art. 28(3)(g): they hold
        // them), so they can find the person by those, and by nothing the flow did not carry.
        #expect(processor.identities.map(\.type).sorted() == ["email", "name"])
        let partners = try #require(plan.notice("janteloppet-event-partners", .inform))
        #expect(partners.identities.map(\.type) == ["name"])
    }

    @Test func malformedRequestsGetLocatedErrorsAndNoRequest() {
        let loaded = Seeds.parse(
            """
            sharegraph-request: 1
            id: Bad Id
            controller: vekstlyy
            received: 2026-02-30
            scope: erase
            subject: ../subjects/missing.yaml
            """)
        #expect(loaded.requests.isEmpty)
        let messages = loaded.diagnostics.map { "\($0.location.line):\($0.location.column) \($0.message)" }
        #expect(messages.contains { $0.hasPrefix("2:5") && $0.contains("not a valid id") })
        #expect(messages.contains { $0.hasPrefix("3:13") && $0.contains("did you mean `vekstly`") })
        #expect(messages.contains { $0.hasPrefix("4:11") && $0.contains("not a date") })
        #expect(messages.contains { $0.hasPrefix("5:8") && $0.contains("scope") })
        #expect(messages.contains { $0.hasPrefix("6:10") && $0.contains("cannot find the subject file") })
    }

    @Test func anObjectionMustNameItsPurposesAndTheyMustBelongToTheController() throws {
        let missing = Seeds.parse(
            """
            sharegraph-request: 1
            id: o-1
            subject: ../subjects/jetpak-customer-police-request.yaml
            controller: jetpak
            received: 2026-11-20
            scope: objection
            """)
        #expect(missing.diagnostics.contains { $0.message.contains("names the purposes") && $0.location.line == 6 })
        let foreign = Seeds.parse(
            """
            sharegraph-request: 1
            id: o-2
            subject: ../subjects/jetpak-customer-police-request.yaml
            controller: jetpak
            received: 2026-11-20
            scope: objection
            purposes: [vekstly.marketing]
            """)
        let request = try #require(foreign.requests.first)
        do {
            _ = try Seeds.index.erasurePlan(for: request)
            Issue.record("another controller's purpose should be refused")
        } catch {
            #expect(
                error.location.line == 7 && error.location.column == 12, "the error points at the purpose as written")
            #expect(error.description.contains("belongs to `vekstly`"))
        }
    }

    @Test func aBatchReportsBadLinesByLineNumber() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let subject = Seeds.repository.appendingPathComponent("Samples/subjects/igo-employee-of-business-customer.yaml")
            .path
        let lines = [
            #"{"id": "b-1", "subject": "\#(subject)", "controller": "igo", "received": "2026-11-20", "scope": "erasure"}"#,
            "",
            #"{"id": "b-2", "subject": "\#(subject)", "controller": "igo", "received": "2026-11-20", "scope": "erasure", "colour": "red"}"#,
            "not json",
        ]
        let path = directory.appendingPathComponent("requests.jsonl").path
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let loaded = RequestLoader().loadBatch(path: path, graph: Seeds.index.graph)
        #expect(loaded.requests.map(\.id.value) == ["b-1"])
        #expect(loaded.diagnostics.map(\.location.line) == [3, 4])
        #expect(loaded.diagnostics[0].message.contains("unknown key `colour`"))
    }
}

struct DeadlineTests {
    @Test func oneMonthIsTheSameDateNextMonthOrItsLastDayThenTheNextWorkingDay() {
        func statutory(_ day: String) -> String {
            RequestDeadline(
                received: CalendarDate(iso: day)!, promise: nil, extensionMonths: nil, workingDays: WorkingDays(nil)
            )
            .statutory.description
        }
        #expect(statutory("2026-11-16") == "2026-12-16")
        #expect(
            statutory("2027-01-31") == "2027-03-01", "no 31 February: its last day, the 28th, is a Sunday, so Monday")
        #expect(statutory("2028-01-31") == "2028-02-29", "leap year")
        #expect(statutory("2026-01-31") == "2026-03-02", "28 February 2026 is a Saturday")
    }

    @Test func aShorterPromiseWinsAndAnExtensionReplacesBoth() {
        let received = CalendarDate(iso: "2026-11-16")!
        let promised = RequestDeadline(
            received: received, promise: Period(14, .workingDays), extensionMonths: nil, workingDays: WorkingDays(nil))
        #expect(promised.promised?.description == "2026-12-04" && promised.effective == promised.promised)
        let longPromise = RequestDeadline(
            received: received, promise: Period(2, .months), extensionMonths: nil, workingDays: WorkingDays(nil))
        #expect(longPromise.effective == longPromise.statutory, "a promise longer than the law does not extend it")
        let extended = RequestDeadline(
            received: received, promise: Period(14, .workingDays), extensionMonths: 2, workingDays: WorkingDays(nil))
        #expect(extended.effective.description == "2027-02-16")
    }
}
