// The legal reason of a notice to another party, worded in Norwegian from the same facts as the
// English: every kind of reason, the articles cited the Norwegian way (art. 17 nr. 3 bokstav b).

import SharegraphCore
import SharegraphTestSupport
import Testing

struct NoticeReasonTests {
    static let day = CalendarDate(iso: "2029-12-31")!

    static let reasons: [NoticeReason] = [
        .processor(controller: "vekstly"),
        .subProcessor(controller: "vekstly", through: "stripe"),
        .subProcessor(controller: "vekstly", through: nil),
        .informed(controllerName: "Vekstly AS", outcome: .erased, recipient: "Stripe", sender: "vekstly"),
        .informed(controllerName: "Vekstly AS", outcome: .restricted, recipient: "Stripe", sender: "vekstly"),
        .jointController(controllerName: "Vekstly AS", outcome: .erasedOrRestricted),
        .dutyEnded(law: "bokføringsloven § 13"),
        .dutyMinimum(law: "bokføringsloven § 13", minimum: day, checkFrom: day.adding(days: 1)!),
        .dutyWaits(law: "bokføringsloven § 13", events: []),
    ]

    /// No English article citation or English word is left in a Norwegian reason.
    @Test(arguments: reasons) func theNorwegianReasonIsNorwegian(_ reason: NoticeReason) {
        let text = reason.text(in: "nb")
        for english in ["Art. 17(", "Art. 28(", "(Art. 18)", " the ", " erase", "processor", "confirm"] {
            #expect(!text.contains(english), "\(english) in \(text)")
        }
        #expect(reason.text(in: "en") == reason.english)
        #expect(reason.text(in: "sv") == reason.english, "a language without words gets English")
    }

    /// Art. 17(3)(b) ends only when the period ends; the end waits for a date not recorded, named
    /// as the person would read it in each language.
    @Test func anUnrecordedEndIsNamedInTheReadersLanguage() {
        let graph = Seeds.index.graph
        let reason = NoticeReason.dutyWaits(
            law: "bokføringsloven § 13", events: [NoticeReason.NamedEvent("contract-end", graph: graph)])
        #expect(
            reason.text(in: "nb")
                == "bokføringsloven § 13 krever ikke lenger opplysningene når perioden er over; slutten venter på datoen for «avtalen med deg tok slutt», som ikke er registrert: registrer den for å fastsette slutten (unntaket i art. 17 nr. 3 bokstav b gjelder ikke lenger)"
        )
        #expect(reason.text(in: "en").contains("waits for the date of “"))
    }
}
