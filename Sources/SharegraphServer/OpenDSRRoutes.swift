// The OpenDSR endpoints: discovery, requests (create, status, cancel) as a processor, and status
// callbacks as a controller. Answers are signed; errors use OpenDSR's error object.

import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SharegraphLedger

struct OpenDSRRoutes {
    let processor: OpenDSRProcessor
    let logger: Logger

    var signer: OpenDSRSigner { processor.configuration.signer }

    /// The versioned base (section 3.4: URLs begin with the major version) and the unversioned one
    /// of earlier Sharegraph releases, still answered.
    static let bases = ["/opendsr/v1", "/opendsr"]
    /// The requests resource under its name and the names of earlier versions of the specification,
    /// which section 10.1 asks every party to honour.
    static let requestNames = ["requests", "opengdpr_requests", "opencompliance_requests"]
    /// The callbacks resource under its name and the earlier names.
    static let callbackNames = ["callbacks", "opengdpr_callbacks", "opencompliance_callbacks"]
    /// Every callback path: these answer without a token, authenticated by their signature.
    static let callbackPaths = Set(bases.flatMap { base in callbackNames.map { base + "/" + $0 } })

    /// With OpenDSR off, each OpenDSR route answers 404 with an OpenDSR error that says what to
    /// enable, as docs/openapi.json describes, rather than the router's generic not-found.
    static func registerDisabled(on router: Router<ServerContext>) {
        let answer = { @Sendable (_: Request, _: ServerContext) async throws -> Response in
            let error = OpenDSRError(
                status: 404,
                message:
                    "OpenDSR is not enabled on this server; start it with --opendsr-party and --opendsr-key to receive requests, or --public-url and --opendsr-keys to take status callbacks",
                reason: "NotEnabled")
            return Response(
                status: .notFound,
                headers: [.contentType: "application/json;charset=UTF-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: error.body)))
        }
        for base in bases {
            let group = router.group(RouterPath(base))
            group.get("discovery", use: answer)
            group.get("key.pem", use: answer)
            for name in requestNames {
                group.post(RouterPath(name), use: answer)
                group.get(RouterPath(name + "/:id"), use: answer)
                group.delete(RouterPath(name + "/:id"), use: answer)
            }
            for name in callbackNames { group.post(RouterPath(name), use: answer) }
        }
    }

    func register(on router: Router<ServerContext>) {
        for base in Self.bases { register(on: router.group(RouterPath(base))) }
    }

    private func register(on group: RouterGroup<ServerContext>) {
        group.get("discovery") { request, context in
            _ = try grant(context)
            return signed(discovery(request))
        }
        group.get("key.pem") { _, context in
            _ = try grant(context)
            return Response.body(Array(signer.publicKeyPEM.utf8), type: "application/x-pem-file")
        }
        for name in Self.requestNames { registerRequests(on: group, name: name) }
        for name in Self.callbackNames { registerCallbacks(on: group, name: name) }
    }

    private func registerRequests(on group: RouterGroup<ServerContext>, name: String) {
        group.post(RouterPath(name)) { request, context in
            let controller = try grant(context)
            var request = request
            let body = try await request.bytes(limit: processor.environment.limits.maxBodyBytes)
            do {
                let answer = try processor.receive(body: body, controller: controller, now: Date())
                logger.info("OpenDSR request received", metadata: ["controller": "\(controller)"])
                return signed(answer.body, status: .created)
            } catch {
                return failure(error)
            }
        }
        group.get(RouterPath(name + "/:id")) { _, context in
            let controller = try grant(context)
            do {
                let incoming = try find(context.parameters.get("id") ?? "", controller: controller)
                let status = try processor.status(of: incoming)
                return signed(processor.statusMessage(incoming, status: status, url: nil))
            } catch {
                return failure(error)
            }
        }
        group.delete(RouterPath(name + "/:id")) { _, context in
            let controller = try grant(context)
            do {
                let incoming = try find(context.parameters.get("id") ?? "", controller: controller)
                try processor.cancel(incoming, now: Date())
                struct Cancelled: Encodable {
                    var controllerId: String
                    var receivedTime: String
                    var subjectRequestId: String
                    var apiVersion = OpenDSR.apiVersion
                }
                return signed(
                    OpenDSR.encode(
                        Cancelled(
                            controllerId: incoming.controller, receivedTime: OpenDSR.timestamp(Date()),
                            subjectRequestId: incoming.subjectRequestID)), status: .accepted)
            } catch {
                return failure(error)
            }
        }
    }

    private func registerCallbacks(on group: RouterGroup<ServerContext>, name: String) {
        group.post(RouterPath(name)) { request, _ in
            var request = request
            guard let callbackURL = processor.configuration.callbackURL else {
                return failure(
                    OpenDSRError(
                        status: 404, message: "this server sends no OpenDSR requests", reason: "NotAController"))
            }
            let header = { (names: [String]) in
                names.lazy.compactMap { HTTPField.Name($0).flatMap { request.headers[$0] } }.first
            }
            let signature = header([OpenDSRHeader.signature] + OpenDSRHeader.signatureAliases)
            let domain = header([OpenDSRHeader.domain] + OpenDSRHeader.domainAliases)
            // Judged before a byte of the body is read: no signature, or no processor on that domain,
            // and the body is never waited for.
            guard let signature, !signature.isEmpty, let domain, !domain.isEmpty else {
                return failure(
                    OpenDSRError(
                        status: 401, message: "unsigned: the OpenDSR signature and domain headers are required",
                        reason: "CallbackRefused"))
            }
            guard (try? processor.environment.ledger.openDSRRecipients(onDomain: domain).isEmpty) == false else {
                return failure(
                    OpenDSRError(
                        status: 403, message: "no processor this server sent requests to is on that domain",
                        reason: "CallbackRefused"))
            }
            let body = try await request.bytes(limit: 64 * 1024)
            let receiver = OpenDSRCallbackReceiver(
                ledger: processor.environment.ledger, keys: processor.configuration.keys, callbackURL: callbackURL,
                logger: logger)
            let outcome = receiver.receive(body: Data(body), signature: signature, domain: domain, at: Date())
            switch outcome {
            case .applied, .stale: return Response(status: .noContent)
            case .refused(let status, let reason):
                return failure(OpenDSRError(status: status, message: reason, reason: "CallbackRefused"))
            }
        }
    }

    /// The controller party the token speaks for.
    func grant(_ context: ServerContext) throws -> String {
        guard let party = context.grant?.openDSRParty else {
            throw Problem.forbidden("this token may not use OpenDSR; it needs the `opendsr=PARTY` scope")
        }
        return party
    }

    func find(_ id: String, controller: String) throws(OpenDSRError) -> IncomingOpenDSR {
        let ledger = processor.environment.ledger
        guard let incoming = try processor.ledgerCall({ try ledger.incomingOpenDSR(id) }),
            incoming.controller == controller
        else {
            throw OpenDSRError(status: 404, message: "no request with that subject_request_id", reason: "NotFound")
        }
        return incoming
    }

    /// Discovery (section 6.3): what this processor supports, and where its key is, as a full URL on
    /// its own domain (the public URL when one is configured, else the host the request came to).
    func discovery(_ request: Request) -> Data {
        struct Identity: Encodable {
            var identityType: String
            var identityFormat = "raw"
        }
        struct Discovery: Encodable {
            var apiVersion = OpenDSR.apiVersion
            var supportedIdentities: [Identity]
            var supportedSubjectRequestTypes = ["erasure"]
            var processorCertificate: String
        }
        let base =
            processor.configuration.publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
            ?? "http://" + (request.head.authority ?? "localhost")
        return OpenDSR.encode(
            Discovery(
                supportedIdentities: ["email", "controller_customer_id"].map { Identity(identityType: $0) },
                processorCertificate: base + "/opendsr/v1/key.pem"))
    }

    func signed(_ body: Data, status: HTTPResponse.Status = .ok) -> Response {
        var headers: HTTPFields = [.contentType: "application/json", .cacheControl: "no-store"]
        for (name, value) in signer.headers(body) {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    func failure(_ error: any Error) -> Response {
        let problem =
            error as? OpenDSRError
            ?? OpenDSRError(status: 500, message: "the request could not be handled", reason: "InternalError")
        return Response(
            status: HTTPResponse.Status(code: problem.status),
            headers: [.contentType: "application/json;charset=UTF-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: problem.body)))
    }
}
