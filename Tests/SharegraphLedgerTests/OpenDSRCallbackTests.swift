// OpenDSR status callbacks received by the controller (specification 8.5-8.8): authenticated by
// the pinned key of the processor the request went to, matched to its notice, refused when
// replayed, and applied: a processor's `completed` completes its notice and the relayed
// sub-processor notices under it (it answers for them, Art. 28(4)).

import Crypto
import Foundation
import Logging
import SharegraphCore
import SharegraphLedger
import SharegraphTestSupport
import Testing

struct OpenDSRCallbackTests {
    static let processorKey = P256.Signing.PrivateKey()
    static let callbackURL = "https://controller.example/opendsr/callbacks"

    /// The iGo request, its processor reached by OpenDSR, the request noted as sent to it.
    static func ledger() throws -> (TemporaryLedger, RequestDraft, OpenDSRCallbackReceiver) {
        let store = try TemporaryLedger()
        var draft = RequestDraft(plan: try Seeds.plan("igo-employee-erasure"), controllerName: "iGo AS")
        for index in draft.notices.indices where draft.notices[index].recipient == "igo-processor" {
            draft.notices[index].channel = .endpoint(.openDSR, address: "https://processor.example/opendsr")
        }
        _ = try store.ledger.record([draft])
        let notice = try #require(draft.notices.first { $0.recipient == "igo-processor" })
        try store.ledger.recordOpenDSRSent(
            subjectRequestID: NoticeID.requestUUID(draft.id), recipient: "igo-processor", noticeID: notice.id,
            endpoint: "https://processor.example/opendsr")
        let receiver = OpenDSRCallbackReceiver(
            ledger: store.ledger, keys: OpenDSRKeys(["igo-processor": processorKey.publicKey]),
            callbackURL: callbackURL, logger: Logger(label: "test"))
        return (store, draft, receiver)
    }

    static func callback(_ draft: RequestDraft, _ status: OpenDSRStatus, url: String = callbackURL) -> Data {
        OpenDSR.encode(
            OpenDSRStatusMessage(
                controllerId: "igo", expectedCompletionTime: "2026-12-01T00:00:00Z", statusCallbackUrl: url,
                subjectRequestId: NoticeID.requestUUID(draft.id), requestStatus: status))
    }

    static func sign(_ body: Data, with key: P256.Signing.PrivateKey = processorKey) -> String {
        OpenDSRSigner(key: key, domain: "processor.example").signature(body)
    }

    @Test func aSignedCallbackMovesTheNoticeAndAReplayIsRefused() throws {
        let (store, draft, receiver) = try Self.ledger()
        let notice = try #require(draft.notices.first { $0.recipient == "igo-processor" })
        let body = Self.callback(draft, .inProgress)
        let now = Date()
        #expect(
            receiver.receive(body: body, signature: Self.sign(body), domain: "processor.example", at: now)
                == .applied(notice: notice.id, state: .acknowledged))
        #expect(
            receiver.receive(body: body, signature: Self.sign(body), domain: "processor.example", at: now)
                == .refused(status: 409, reason: "replayed: this callback was received before"))
        let completed = Self.callback(draft, .completed)
        #expect(
            receiver.receive(body: completed, signature: Self.sign(completed), domain: "processor.example", at: now)
                == .applied(notice: notice.id, state: .completed))
        // The sub-processor's relayed notice was completed with it, on the processor's word.
        let children = try store.ledger.notices(NoticeFilter()).filter { $0.parentID == notice.id }
        #expect(!children.isEmpty && children.allSatisfy { $0.state == .completed })
        let events = try store.ledger.events(notice: notice.id)
        #expect(events.last?.detail == "OpenDSR callback from igo-processor: completed")
        #expect(try store.ledger.verify(request: nil).isEmpty, "the chain holds every callback's event")
        // An older status arriving late changes nothing.
        let late = Self.callback(draft, .pending)
        #expect(
            receiver.receive(body: late, signature: Self.sign(late), domain: "processor.example", at: now)
                == .stale(notice: notice.id))
    }

    /// One `subject_request_id` went to two processors; each answers `completed` with the same
    /// bytes. Replay memory used to be keyed on the body alone, so the second processor's genuine
    /// answer was refused 409 (which a processor reads as delivered) and its notice never
    /// completed. Keyed by signer and notice, each answer counts once, and a true replay is refused.
    @Test func twoProcessorsMayAnswerWithTheSameBytes() throws {
        let store = try TemporaryLedger()
        let second = P256.Signing.PrivateKey()
        var draft = RequestDraft(plan: try Seeds.plan("igo-employee-erasure"), controllerName: "iGo AS")
        let index = try #require(draft.notices.firstIndex { $0.recipient == "igo-processor" })
        draft.notices[index].channel = .endpoint(.openDSR, address: "https://processor.example/opendsr")
        var copy = draft.notices[index]
        copy.id = NoticeID.make(request: draft.id, key: "igo-processor-2/instruct")
        copy.recipient = "igo-processor-2"
        draft.notices.append(copy)
        _ = try store.ledger.record([draft])
        let subject = NoticeID.requestUUID(draft.id)
        for (recipient, id) in [("igo-processor", draft.notices[index].id), ("igo-processor-2", copy.id)] {
            try store.ledger.recordOpenDSRSent(
                subjectRequestID: subject, recipient: recipient, noticeID: id,
                endpoint: "https://processor.example/opendsr")
        }
        let receiver = OpenDSRCallbackReceiver(
            ledger: store.ledger,
            keys: OpenDSRKeys(["igo-processor": Self.processorKey.publicKey, "igo-processor-2": second.publicKey]),
            callbackURL: Self.callbackURL, logger: Logger(label: "test"))
        let body = Self.callback(draft, .inProgress)
        let now = Date()
        #expect(
            receiver.receive(body: body, signature: Self.sign(body), domain: "processor.example", at: now)
                == .applied(notice: draft.notices[index].id, state: .acknowledged))
        #expect(
            receiver.receive(body: body, signature: Self.sign(body, with: second), domain: "processor.example", at: now)
                == .applied(notice: copy.id, state: .acknowledged))
        #expect(
            receiver.receive(body: body, signature: Self.sign(body, with: second), domain: "processor.example", at: now)
                == .refused(status: 409, reason: "replayed: this callback was received before"))
    }

    @Test func unsignedForgedMisdirectedAndUnknownCallbacksAreRefused() throws {
        let (store, draft, receiver) = try Self.ledger()
        let body = Self.callback(draft, .completed)
        let now = Date()
        let cases: [(Data, String?, String?, Int)] = [
            (body, nil, "processor.example", 401),
            (body, Self.sign(body), nil, 401),
            (body, Self.sign(body, with: P256.Signing.PrivateKey()), "processor.example", 403),
            (body, Self.sign(body), "elsewhere.example", 403),
            (Data(body.dropLast()) + Data(" }".utf8), Self.sign(body), "processor.example", 403),
        ]
        for (payload, signature, domain, status) in cases {
            guard
                case .refused(let got, _) = receiver.receive(
                    body: payload, signature: signature, domain: domain, at: now)
            else {
                Issue.record("accepted a callback that should be refused with \(status)")
                continue
            }
            #expect(got == status)
        }
        let misdirected = Self.callback(draft, .completed, url: "https://attacker.example/cb")
        #expect(
            receiver.receive(body: misdirected, signature: Self.sign(misdirected), domain: "processor.example", at: now)
                == .refused(status: 400, reason: "the callback names another callback URL"))
        let unknown = OpenDSR.encode(
            OpenDSRStatusMessage(
                controllerId: "igo", expectedCompletionTime: "2026-12-01T00:00:00Z",
                statusCallbackUrl: Self.callbackURL,
                subjectRequestId: "00000000-0000-4000-8000-000000000000", requestStatus: .completed))
        #expect(
            receiver.receive(body: unknown, signature: Self.sign(unknown), domain: "processor.example", at: now)
                == .refused(status: 404, reason: "no request with that id went to that processor"))
        let notice = try #require(draft.notices.first { $0.recipient == "igo-processor" })
        #expect(try store.ledger.notice(notice.id)?.state == .planned, "nothing refused moved the notice")
    }
}
