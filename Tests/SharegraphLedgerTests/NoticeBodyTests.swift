// The notice body's hand-written JSON against Foundation's JSONEncoder with the settings it replaced:
// the bytes must match, since notice ids, request digests and signatures are taken over them.

import Foundation
import Testing

@testable import SharegraphLedger

struct NoticeBodyTests {
    static func body(deadline: String?, notBefore: String?, text: String) -> NoticeBody {
        NoticeBody(
            subjectRequestId: "6f1c0b8e-0000-4000-8000-000000000001", subjectRequestType: "erasure",
            subjectIdentities: [
                .init(identityType: "email", identityValue: text),
                .init(identityType: "customer-number", identityValue: "C-1"),
            ],
            submittedTime: "2026-11-16T00:00:00Z", statusCallbackUrls: ["https://dpo.example/callback/a?b=c"],
            noticeId: "ntc_abc", controller: "c1", controllerName: "Kontroller \(text)", recipient: "c1-p0",
            action: "restrict", legalReason: "Art. 17(3)(b) \"legal duty\" \\ bokføringsloven § 13", deadline: deadline,
            notBefore: notBefore,
            instructions: [
                .init(
                    kind: "restrict", categories: ["financial.invoice"], purposes: ["c1.accounting"],
                    until: "2030-12-31", law: "bokføringsloven § 13"),
                .init(kind: "erase", categories: [], purposes: ["c1.sales", text], until: nil, law: nil),
                .init(
                    kind: "erase", categories: ["contact.phone"], purposes: ["c1.delivery"], until: nil, law: nil,
                    duty: "d", certainty: "possible"),
            ],
            passOnTo: ["ntc_child1", "ntc_child2"])
    }

    @Test(arguments: [
        "plain@example.no",
        "quote\" back\\slash /slash",
        "controls \n\r\t\u{08}\u{0C}\u{01}\u{1F} end",
        "Ærlig Øyvind Åsen 🦊",
        "",
    ])
    func matchesJSONEncoder(text: String) throws {
        for (deadline, notBefore) in [("2026-12-16", nil), (nil, "2031-01-01"), (nil, nil)] as [(String?, String?)] {
            let body = Self.body(deadline: deadline, notBefore: notBefore, text: text)
            let expected = String(decoding: try NoticeBody.encoder.encode(body), as: UTF8.self)
            #expect(body.json() == expected)
            #expect(try JSONDecoder.snakeCase.decode(NoticeBody.self, from: Data(body.json().utf8)) == body)
        }
    }
}

extension JSONDecoder {
    static var snakeCase: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }
}
