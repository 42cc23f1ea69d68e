// The e-mail an independent recipient receives under Art. 19: what the controller did, in the past
// tense, and a request to acknowledge receipt, never an order to erase or a demand to confirm.

import Foundation
import SharegraphCore
import SharegraphTestSupport
import Testing

@testable import SharegraphLedger

struct InformEmailTests {
    static func informAndInstruct(language: String = "en") throws -> (inform: NoticeRecord, instruct: NoticeRecord) {
        let store = try TemporaryLedger()
        var plan = try Seeds.plan("vekstly-course-participant-erasure")
        plan.request.language = language
        let draft = RequestDraft(plan: plan, controllerName: "Vekstly AS")
        _ = try store.ledger.record([draft])
        let notices = try store.ledger.notices(NoticeFilter(request: draft.id))
        return (
            try #require(notices.first { $0.recipient == "stripe" && $0.action == .inform }),
            try #require(notices.first { $0.recipient == "stripe" && $0.action == .instruct })
        )
    }

    static func body(_ notice: NoticeRecord, language: String) -> String {
        var notice = notice
        notice.language = language
        let message = NoticeEmail(notice: notice, to: "privacy@stripe.com", date: Date(timeIntervalSince1970: 0))
            .message(from: "hei@vekstly.no")
        return String(message.split(separator: "\r\n\r\n", maxSplits: 1).last ?? "")
    }

    /// Art. 19: Stripe, an independent controller, is told that Vekstly erased the e-mail address
    /// and restricted the name and transactions under bokføringsloven § 13 until 2029-12-31; it is
    /// asked to acknowledge receipt, because it decides on its own erasure (Art. 17).
    @Test func anIndependentRecipientIsToldWhatWasDoneAndAskedOnlyToAcknowledge() throws {
        let (inform, _) = try Self.informAndInstruct()
        let english = Self.body(inform, language: "en")
        #expect(english.contains("  - erased: e-mail address"))
        #expect(
            english.contains(
                "  - restricted (kept, used for nothing else): transaction history, name until 2029-12-31 (bokføringsloven § 13)"
            ))
        #expect(english.contains("Please acknowledge receipt by: 2026-12-04"))
        #expect(english.contains("no confirmation of erasure is asked"))
        #expect(!english.contains("Please confirm by") && !english.contains("  - erase:"))
        let norwegian = Self.body(inform, language: "nb")
        #expect(norwegian.contains("  - slettet: e-postadresse"))
        #expect(norwegian.contains("Bekreft mottak innen: 2026-12-04"))
        #expect(norwegian.contains("vi ber ikke om bekreftelse på sletting"))
        #expect(!norwegian.contains("Bekreft innen"))
    }

    /// Art. 28(3)(g): a processor is still instructed and asked to confirm.
    @Test func aProcessorIsStillInstructedAndAskedToConfirm() throws {
        let (_, instruct) = try Self.informAndInstruct()
        let english = Self.body(instruct, language: "en")
        #expect(english.contains("Please confirm by: 2026-12-04"))
        #expect(english.contains("  - erase: "))
    }

    /// Art. 28(3)(g) and Art. 5(1)(d): categories that only a purpose which may not apply to the
    /// person brings in are asked to be erased if held, never listed as the person's data.
    @Test func aPossibleLineIsAskedToBeErasedIfHeld() throws {
        var plan = try Seeds.plan("vekstly-course-participant-erasure")
        let index = try #require(plan.notices.firstIndex { $0.recipient == "stripe" && $0.action == .instruct })
        plan.notices[index].instructions.append(
            ErasureInstruction(
                kind: .erase, categories: ["marketing.profile"], purposes: ["vekstly.marketing"], until: nil, law: nil,
                certainty: .possible))
        let store = try TemporaryLedger()
        let draft = RequestDraft(plan: plan, controllerName: "Vekstly AS")
        _ = try store.ledger.record([draft])
        let instruct = try #require(
            try store.ledger.notices(NoticeFilter(request: draft.id)).first {
                $0.recipient == "stripe" && $0.action == .instruct
            })
        #expect(Self.body(instruct, language: "en").contains("  - erase: interests and profiling (if you hold them)"))
        #expect(Self.body(instruct, language: "nb").contains("  - slett: interesser og profilering (om dere har dem)"))
        #expect(!Self.body(instruct, language: "en").contains("e-mail address (if you hold them)"))
    }

    /// A request in Norwegian gets its notices' legal reason in Norwegian, articles cited the
    /// Norwegian way, and its categories by their Norwegian names: Art. 19 to Stripe (an
    /// independent controller), Art. 28(3)(g) to Stripe as Vekstly's processor.
    @Test func aNorwegianRequestsNoticesGiveTheirReasonAndCategoriesInNorwegian() throws {
        let (inform, instruct) = try Self.informAndInstruct(language: "nb")
        let told = Self.body(inform, language: "nb")
        #expect(
            told.contains(
                "Rettslig grunnlag: Art. 19: Vekstly AS har slettet eller begrenset behandlingen av opplysningene som er listet (art. 17 nr. 1 og art. 18); "
            ), "\(told)")
        #expect(told.contains("som selvstendig behandlingsansvarlig og avgjør selv sletting"))
        #expect(
            told.contains(
                "  - begrenset (oppbevares, brukes ikke til noe annet): transaksjonshistorikk, navn til 2029-12-31"))
        let instructed = Self.body(instruct, language: "nb")
        #expect(
            instructed.contains(
                "Rettslig grunnlag: Art. 28 nr. 3 bokstav g: databehandler for Vekstly AS; send instruksen videre til eventuelle underleverandører (art. 28 nr. 4)"
            ), "\(instructed)")
        #expect(!instructed.contains("Art. 28(3)"), "no English left in the reason")
        #expect(
            instructed.contains("Finn personen ved: e-postadresse lise.kurs@example.no"),
            "the identifier's kind in words")
        // The English request keeps the English reason.
        #expect(
            Self.body(try Self.informAndInstruct().instruct, language: "en").contains(
                "Legal reason: Art. 28(3)(g): processor for Vekstly AS"))
    }
}
