// Two organisations, each running `sharegraph serve` on loopback: a shop (controller) records an
// erasure, its server delivers the instruction to its mailing processor's OpenDSR endpoint; the
// processor plans it on its own graph, instructs its hosting sub-processor by signed webhook (a
// `standardwebhooks` receiver), and reports back by signed status callbacks, which alone move the
// shop's notice to completed. The processor is killed with SIGKILL mid-way and restarted: nothing
// is lost, and nothing is delivered twice.

import Crypto
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One `sharegraph serve` process.
final class ServerProcess {
    let process = Process()
    let port: Int
    let log: URL

    init(port: Int, arguments: [String], environment: [String: String], log: URL) throws {
        self.port = port
        self.log = log
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.executableURL = CLI.binary
        process.arguments =
            ["serve", "--port", String(port), "--delivery-interval", "1", "--reload-interval", "1"]
            + arguments
        process.currentDirectoryURL = CLI.repository
        process.environment = ProcessInfo.processInfo.environment.merging(
            environment.merging(["NO_COLOR": "1", "SHAREGRAPH_CACHE_DIR": CLI.cacheDirectory]) { $1 }
        ) { $1 }
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        try waitUntil(seconds: 30, "the server on port \(port) did not start: \(logText)") {
            logText.contains("listening on http://127.0.0.1:\(port)")
        }
    }

    var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// Stops it as a power cut would.
    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Stops it as an operator would (SIGTERM): it finishes what it is doing and exits 0.
    func stop() -> Int32 {
        Foundation.kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill() }
    }
}

/// A free loopback port.
func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
    }
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Polls `condition` every 100 ms until it holds, or fails after `seconds`.
func waitUntil(seconds: Double, _ message: @autoclosure () -> String, _ condition: () throws -> Bool) throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return }
        Thread.sleep(forTimeInterval: 0.1)
    }
    Issue.record(Comment(rawValue: message()))
    throw CLI.Timeout()
}

/// A blocking HTTP exchange on loopback.
func http(_ method: String, _ url: String, token: String? = nil, body: String? = nil) throws -> (Int, String) {
    var request = URLRequest(url: URL(string: url)!)
    request.httpMethod = method
    if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
    if let body { request.httpBody = Data(body.utf8) }
    request.timeoutInterval = 10
    let done = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var result: (Int, String) = (0, "")
    URLSession.shared.dataTask(with: request) { data, response, _ in
        result = (
            (response as? HTTPURLResponse)?.statusCode ?? 0, data.map { String(decoding: $0, as: UTF8.self) } ?? ""
        )
        done.signal()
    }.resume()
    done.wait()
    return result
}

struct OpenDSREndToEndTests {
    static func graph(mailer: Int, cloudWebhook: String?) -> String {
        """
        sharegraph: 1
        parties:
          - {id: shop, name: Shop AS, country: "NO", contact: {email: privacy@shop.example, internal: true}}
          - {id: mailer, name: Mailer ApS, country: DK, contact: {opendsr: "http://127.0.0.1:\(mailer)/opendsr", internal: true}}
          - {id: cloud, name: Cloud Hosting Ltd, country: IE\(cloudWebhook.map { ", contact: {webhook: \"\($0)\", internal: true}" } ?? "")}
        purposes:
          - {id: shop.newsletter, name: Newsletter, controller: shop, legal-basis: contract, categories: [identity.name, contact.email], subjects: [customer]}
        contracts:
          - {id: shop-mailer-dpa, type: dpa, parties: [shop, mailer]}
          - {id: mailer-cloud-dpa, type: dpa, parties: [mailer, cloud]}
        flows:
          - {from: shop, to: mailer, role: processor, purpose: shop.newsletter, categories: [identity.name, contact.email], contract: shop-mailer-dpa}
          - {from: mailer, to: cloud, role: sub-processor, categories: [contact.email], contract: mailer-cloud-dpa, authorisation: shop-mailer-dpa}
        """
    }

    static let request = """
        sharegraph-request: 1
        id: shop-dsr-1
        controller: shop
        received: 2026-11-16
        scope: erasure
        subject:
          reference: SHOP-1
          relationships:
            - controller: shop
              as: [customer]
              identifiers: {email: canary-7781@example.invalid}
        """

    @Test(.timeLimit(.minutes(3)))
    func anErasureCrossesTwoOrganisationsAndComesBackCompletedByCallbacksAlone() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sharegraph-opendsr-\(UUID().uuidString)")
        defer {
            if ProcessInfo.processInfo.environment["SHAREGRAPH_KEEP"] == nil {
                try? FileManager.default.removeItem(at: root)
            }
        }
        let shopDir = root.appendingPathComponent("shop")
        let mailerDir = root.appendingPathComponent("mailer")
        for directory in [
            shopDir, mailerDir, shopDir.appendingPathComponent("peers"), mailerDir.appendingPathComponent("peers"),
        ] {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        let receiver = try Receiver()
        let (shopPort, mailerPort) = (try freePort(), try freePort())
        // Keys: each organisation pins the other's public key.
        let shopKey = P256.Signing.PrivateKey()
        let mailerKey = P256.Signing.PrivateKey()
        try shopKey.pemRepresentation.write(
            to: shopDir.appendingPathComponent("key.pem"), atomically: true, encoding: .utf8)
        try mailerKey.pemRepresentation.write(
            to: mailerDir.appendingPathComponent("key.pem"), atomically: true, encoding: .utf8)
        try mailerKey.publicKey.pemRepresentation.write(
            to: shopDir.appendingPathComponent("peers/mailer.pem"), atomically: true, encoding: .utf8)
        try shopKey.publicKey.pemRepresentation.write(
            to: mailerDir.appendingPathComponent("peers/shop.pem"), atomically: true, encoding: .utf8)
        // Tokens: the shop's DPO at its own server; the mailer's token for the shop, and its operator's.
        let dpo = "sgt_shop-dpo"
        let shopAtMailer = "sgt_shop-at-mailer"
        let operatorToken = "sgt_mailer-operator"
        try CLI.tokenLine("dpo", "read,write", dpo).write(
            to: shopDir.appendingPathComponent("tokens.txt"), atomically: true, encoding: .utf8)
        try [
            CLI.tokenLine("shop", "opendsr=shop", shopAtMailer), CLI.tokenLine("ops", "read,write", operatorToken),
        ].joined(separator: "\n").write(
            to: mailerDir.appendingPathComponent("tokens.txt"), atomically: true, encoding: .utf8)
        try Self.graph(mailer: mailerPort, cloudWebhook: nil).write(
            to: shopDir.appendingPathComponent("graph.yaml"), atomically: true, encoding: .utf8)
        try Self.graph(mailer: mailerPort, cloudWebhook: "http://127.0.0.1:\(receiver.port)/hook").write(
            to: mailerDir.appendingPathComponent("graph.yaml"), atomically: true, encoding: .utf8)

        func serve(_ directory: URL, party: String, port: Int, environment: [String: String], logName: String) throws
            -> ServerProcess
        {
            try ServerProcess(
                port: port,
                arguments: [
                    "--graphs", directory.appendingPathComponent("graph.yaml").path, "--ledger",
                    directory.appendingPathComponent("ledger.sqlite").path, "--tokens",
                    directory.appendingPathComponent("tokens.txt").path, "--opendsr-party", party, "--opendsr-key",
                    directory.appendingPathComponent("key.pem").path, "--opendsr-keys",
                    directory.appendingPathComponent("peers").path, "--public-url", "http://127.0.0.1:\(port)",
                ], environment: environment, log: root.appendingPathComponent(logName))
        }
        let shop = try serve(
            shopDir, party: "shop", port: shopPort, environment: ["SHAREGRAPH_OPENDSR_TOKEN_MAILER": shopAtMailer],
            logName: "shop.log")
        var mailer = try serve(
            mailerDir, party: "mailer", port: mailerPort,
            environment: ["SHAREGRAPH_WEBHOOK_SECRET_CLOUD": Receiver.secret], logName: "mailer.log")
        let shopURL = "http://127.0.0.1:\(shopPort)"
        let mailerURL = "http://127.0.0.1:\(mailerPort)"

        // The shop records the request; its server delivers the instruction to the mailer.
        let (recorded, _) = try http("POST", "\(shopURL)/api/v1/erasure-requests", token: dpo, body: Self.request)
        #expect(recorded == 201)
        // The mailer relays to its sub-processor; once the hosting company has it, the power goes.
        try waitUntil(seconds: 30, "the sub-processor never got its instruction: \(mailer.logText)") {
            receiver.entries.contains { $0.path == "/hook" }
        }
        mailer.kill()
        mailer = try serve(
            mailerDir, party: "mailer", port: mailerPort,
            environment: ["SHAREGRAPH_WEBHOOK_SECRET_CLOUD": Receiver.secret], logName: "mailer-restarted.log")

        // The mailer's operator records the hosting company's answer and its own erasure.
        let (_, listed) = try http("GET", "\(mailerURL)/api/v1/notices", token: operatorToken)
        let notices = try #require(try JSONSerialization.jsonObject(with: Data(listed.utf8)) as? [[String: Any]])
        #expect(Set(notices.compactMap { $0["recipient"] as? String }) == ["mailer", "cloud"])
        let cloudNotice = try #require(notices.first { $0["recipient"] as? String == "cloud" }?["id"] as? String)
        let ownNotice = try #require(notices.first { $0["recipient"] as? String == "mailer" }?["id"] as? String)
        #expect(
            try http(
                "POST", "\(mailerURL)/api/v1/notices/\(cloudNotice)/ack", token: operatorToken,
                body: #"{"answer":"completed"}"#
            ).0
                == 200)
        #expect(
            try http(
                "POST", "\(mailerURL)/api/v1/notices/\(ownNotice)/ack", token: operatorToken,
                body: #"{"answer":"completed"}"#
            ).0
                == 200)

        // The shop's notice to the mailer, and the relayed one to the hosting company under it, are
        // completed by the mailer's signed callbacks alone: nobody acknowledges anything at the shop.
        try waitUntil(seconds: 40, "the shop never heard `completed`: \(shop.logText)\n\(mailer.logText)") {
            let (_, status) = try http("GET", "\(shopURL)/api/v1/erasure-requests/shop-dsr-1", token: dpo)
            let object = try JSONSerialization.jsonObject(with: Data(status.utf8)) as? [String: Any]
            let all = object?["notices"] as? [[String: Any]] ?? []
            return all.filter { ["mailer", "cloud"].contains($0["recipient"] as? String) }.allSatisfy {
                $0["state"] as? String == "completed"
            }
        }
        // Nothing twice: one instruction reached the hosting company, verified; one OpenDSR request
        // reached the mailer however often the shop's server tried.
        let deliveries = receiver.entries.filter { $0.path == "/hook" }
        #expect(deliveries.allSatisfy { $0.verified })
        #expect(Set(deliveries.map(\.id)).count == 1, "one notice to the sub-processor")
        let (_, events) = try http("GET", "\(shopURL)/api/v1/erasure-requests/shop-dsr-1/events", token: dpo)
        let kinds = (try JSONSerialization.jsonObject(with: Data(events.utf8)) as? [[String: Any]] ?? []).compactMap {
            $0["kind"] as? String
        }
        #expect(kinds.filter { $0 == "sent" }.count == 2, "the mailer's instruction and the relay, once each")
        #expect(kinds.filter { $0 == "completed" }.count == 2)
        // No identifier in either server's log.
        #expect(!shop.logText.contains("canary-7781") && !mailer.logText.contains("canary-7781"))
        #expect(shop.stop() == 0, "SIGTERM: a graceful stop")
        #expect(mailer.stop() == 0)
    }
}

extension CLI {
    /// A wait that ran out.
    struct Timeout: Error {}

    /// A token file's line for `token`, as `sharegraph token` writes it.
    static func tokenLine(_ name: String, _ scopes: String, _ token: String) -> String {
        "\(name) \(scopes) sha256:" + SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
