// The server under clients that hold connections without finishing a request, as an operator runs
// it: `sharegraph serve` on loopback, an idle-connection flood and a slowloris from other loopback
// addresses. The health check and an authenticated trace keep answering, and the attackers' sockets
// are closed within the bounds.

import Crypto
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite(.timeLimit(.minutes(2)))
struct SlowClientTests {
    /// A TCP socket from `source` (a loopback address) to the server's port; -1 when refused.
    static func connect(from source: String, port: Int) -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return -1 }
        var local = sockaddr_in()
        local.sin_family = sa_family_t(AF_INET)
        local.sin_addr.s_addr = inet_addr(source)
        var remote = sockaddr_in()
        remote.sin_family = sa_family_t(AF_INET)
        remote.sin_port = in_port_t(UInt16(port).bigEndian)
        remote.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        let connected = withUnsafePointer(to: &remote) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, connected == 0 else {
            close(descriptor)
            return -1
        }
        return descriptor
    }

    /// Whether the server closed the socket: a read returns 0 (or fails) within `seconds`.
    static func closedByServer(_ descriptor: Int32, within seconds: Int32) -> Bool {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, seconds * 1000) == 1 else { return false }
        var byte: UInt8 = 0
        return read(descriptor, &byte, 1) <= 0
    }

    /// How many of `descriptors` the server has closed by the end of `seconds`, watching them all.
    static func closedCount(_ descriptors: [Int32], within seconds: Double) -> Int {
        var open = Set(descriptors)
        let end = Date().addingTimeInterval(seconds)
        while !open.isEmpty, Date() < end {
            var pollers = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            guard poll(&pollers, nfds_t(pollers.count), 500) > 0 else { continue }
            for poller in pollers where poller.revents != 0 {
                var byte: UInt8 = 0
                if read(poller.fd, &byte, 1) <= 0 { open.remove(poller.fd) }
            }
        }
        return descriptors.count - open.count
    }

    /// A server with a 2-second read deadline and 32 connections per client, and a reader token.
    static func server(_ directory: URL, readTimeout: Int = 2) throws -> (ServerProcess, token: String) {
        let token = "sgt_slow-client-test-token"
        try CLI.tokenLine("reader", "read", token).write(
            to: directory.appendingPathComponent("tokens.txt"), atomically: true, encoding: .utf8)
        let port = try freePort()
        // An OpenDSR controller too, so that it receives status callbacks.
        let key = directory.appendingPathComponent("key.pem")
        try P256.Signing.PrivateKey().pemRepresentation.write(to: key, atomically: true, encoding: .utf8)
        let server = try ServerProcess(
            port: port,
            arguments: [
                "--ledger", directory.appendingPathComponent("ledger.sqlite").path, "--tokens",
                directory.appendingPathComponent("tokens.txt").path, "--read-timeout", String(readTimeout),
                "--max-connections-per-client", "32", "--opendsr-party", "vekstly", "--opendsr-key", key.path,
                "--public-url", "http://127.0.0.1:\(port)",
            ], environment: [:], log: directory.appendingPathComponent("serve.log"))
        return (server, token)
    }

    /// 200 idle sockets and 40 slowloris sockets: the health check and a trace answer every round
    /// (under 2 s each when the machine is otherwise idle); sockets past the per-client cap are
    /// closed at once and the rest within the read deadline.
    @Test func healthAndTracesAnswerThroughAnIdleFloodAndASlowloris() throws {
        let directory = try CLI.scratch("slow-clients")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (server, token) = try Self.server(directory)
        defer { _ = server.stop() }
        let base = "http://127.0.0.1:\(server.port)"
        let subject = try String(
            contentsOf: CLI.repository.appendingPathComponent("Samples/subjects/vekstly-course-participant-card.yaml"),
            encoding: .utf8)
        let idle = (0..<200).map { _ in Self.connect(from: "127.0.0.2", port: server.port) }.filter { $0 >= 0 }
        let slow = (0..<40).map { _ in Self.connect(from: "127.0.0.3", port: server.port) }.filter { $0 >= 0 }
        defer { for descriptor in idle + slow { close(descriptor) } }
        let start = "POST /opendsr/callbacks HTTP/1.1\r\nHost: localhost\r\n"
        for descriptor in slow { _ = start.withCString { send(descriptor, $0, strlen($0), Int32(MSG_NOSIGNAL)) } }
        for round in 0..<4 {
            for descriptor in slow { _ = send(descriptor, "X", 1, Int32(MSG_NOSIGNAL)) }
            let began = Date()
            #expect(try http("GET", "\(base)/api/health").0 == 200, "round \(round)")
            #expect(
                try http("POST", "\(base)/api/v1/trace?as_of=2026-11-16", token: token, body: subject).0 == 200,
                "round \(round)")
            // Bounded loosely: a test run saturates both cores with other suites.
            #expect(Date().timeIntervalSince(began) < 20, "round \(round)")
            Thread.sleep(forTimeInterval: 0.5)
        }
        #expect(Self.closedCount(idle, within: 20) == idle.count, "every idle socket closed")
        #expect(Self.closedCount(slow, within: 20) == slow.count, "every slow socket closed")
    }

    /// A body that trickles after its head is cut off at the read deadline; an OpenDSR callback
    /// without its signature headers is answered 401 from its head alone.
    @Test func aSlowBodyIsCutOffAndAnUnsignedCallbackIsRefusedBeforeItsBody() throws {
        let directory = try CLI.scratch("slow-body")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (server, token) = try Self.server(directory)
        defer { _ = server.stop() }
        let descriptor = Self.connect(from: "127.0.0.4", port: server.port)
        #expect(descriptor >= 0)
        defer { close(descriptor) }
        let head =
            "POST /api/v1/trace HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(token)\r\nContent-Length: 100000\r\n\r\nsharegraph"
        _ = head.withCString { send(descriptor, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
        // Without the guard it would wait for the request's own timeout (30 s), then answer 503.
        #expect(Self.closedByServer(descriptor, within: 15))

        // A callback without signature headers, announcing a body it never sends: 401 from its head.
        let callback = Self.connect(from: "127.0.0.5", port: server.port)
        defer { close(callback) }
        let unsigned = "POST /opendsr/callbacks HTTP/1.1\r\nHost: localhost\r\nContent-Length: 60000\r\n\r\n{"
        _ = unsigned.withCString { send(callback, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
        // Waiting for the body would end in the read deadline closing the socket unanswered.
        var poller = pollfd(fd: callback, events: Int16(POLLIN), revents: 0)
        #expect(poll(&poller, 1, 15_000) == 1)
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = read(callback, &buffer, buffer.count)
        let answer = String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self)
        #expect(answer.hasPrefix("HTTP/1.1 401"), "\(answer)")
    }
}
