// The webhook transport's one deadline covers the whole exchange: a server on loopback that sends
// its answer's head at once and then trickles the body cannot hold a delivery past it.

import Foundation
import SharegraphLedger
import Testing

@Suite(.timeLimit(.minutes(1)))
struct TransportDeadlineTests {
    static let trickler = """
        import socket, sys, time
        server = socket.socket(); server.bind(("127.0.0.1", 0)); server.listen(1)
        print(server.getsockname()[1], flush=True)
        connection, _ = server.accept()
        connection.recv(65536)
        connection.sendall(b"HTTP/1.1 200 OK\\r\\ncontent-length: 100\\r\\n\\r\\n")
        for _ in range(120):
            try:
                connection.sendall(b"x"); time.sleep(0.5)
            except OSError:
                break
        """

    @Test func aTricklingAnswerIsCutOffAtTheDeadline() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.trickler]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        defer {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        var line = Data()
        while let byte = try out.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
            line += byte
        }
        let port = try #require(Int(String(decoding: line, as: UTF8.self)))
        let transport = HTTPWebhookTransport(timeoutSeconds: 1)
        let start = Date()
        await #expect(throws: DeliveryTimeout.self) {
            _ = try await transport.post(url: "http://127.0.0.1:\(port)/hook", headers: [], body: "{}")
        }
        let elapsed = Date().timeIntervalSince(start)
        // The body trickles for 60 s; the deadline is 1 s. The bound is loose on purpose: with the
        // other suites running, the deadline's timer can wait seconds for a free thread of the
        // test run's two (a CI run saw 7 s), which says nothing about a delivery.
        #expect(elapsed < 30, "the body trickles for 60 s; the deadline is 1 s, took \(elapsed) s")
        await transport.shutdown()
    }
}
