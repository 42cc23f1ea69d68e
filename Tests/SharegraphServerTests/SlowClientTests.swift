// The server under clients that hold connections without finishing a request: an idle-connection
// flood and a slowloris, from other loopback addresses, on a live server. The health check and an
// authenticated trace keep answering, and the attackers' sockets are closed within the bounds.

import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SharegraphLedger
import SharegraphServer
import SharegraphTestSupport
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

    /// 200 idle sockets and 40 slowloris sockets: the health check and a trace still answer (each
    /// round under 2 s when the machine is otherwise idle); sockets past the per-client cap are
    /// closed at once and the rest within the head's deadline.
    @Test func healthAndTracesAnswerThroughAnIdleFloodAndASlowloris() async throws {
        let limits = ServerLimits(
            headerTimeout: .seconds(2), bodyTimeout: .seconds(2), maxConnectionsPerClient: 32)
        let fixture = try ServerFixture(limits: limits)
        let subject = try String(
            contentsOf: Seeds.subjects.appendingPathComponent("vekstly-course-participant-card.yaml"), encoding: .utf8)
        try await fixture.application.test(.live) { client in
            let port = try #require(client.port)
            // Idle: 200 connections that never send a byte, from 127.0.0.2.
            let idle = (0..<200).map { _ in Self.connect(from: "127.0.0.2", port: port) }.filter { $0 >= 0 }
            // Slowloris: 40 connections from 127.0.0.3 that start a request head and trickle it.
            let slow = (0..<40).map { _ in Self.connect(from: "127.0.0.3", port: port) }.filter { $0 >= 0 }
            defer { for descriptor in idle + slow { close(descriptor) } }
            let start = "POST /opendsr/callbacks HTTP/1.1\r\nHost: localhost\r\n"
            for descriptor in slow { _ = start.withCString { send(descriptor, $0, strlen($0), Int32(MSG_NOSIGNAL)) } }
            for round in 0..<4 {
                for descriptor in slow { _ = send(descriptor, "X", 1, Int32(MSG_NOSIGNAL)) }
                let clock = ContinuousClock()
                let began = clock.now
                try await client.execute(uri: "/api/health", method: .get) { response in
                    #expect(response.status == .ok, "round \(round)")
                }
                try await client.execute(
                    uri: "/api/v1/trace?as_of=2026-11-16", method: .post, headers: .bearer(ServerFixture.readToken),
                    body: ByteBuffer(string: subject)
                ) { response in #expect(response.status == .ok, "round \(round)") }
                // Bounded loosely: a test run saturates both cores with other suites (run alone: under 2 s).
                #expect(clock.now - began < .seconds(20), "round \(round): \(clock.now - began)")
                try await Task.sleep(for: .milliseconds(500))
            }
            // Past the cap of 32 per client, the rest were closed at once; the others by the deadline.
            let closed = Self.closedCount(idle, within: 20)
            #expect(closed == idle.count, "\(closed) of \(idle.count) idle sockets closed")
            let slowClosed = Self.closedCount(slow, within: 20)
            #expect(slowClosed == slow.count, "\(slowClosed) of \(slow.count) slow sockets closed")
        }
    }

    /// A body that trickles after its head is cut off at the body's deadline.
    @Test func aSlowBodyIsCutOff() async throws {
        let fixture = try ServerFixture(limits: ServerLimits(headerTimeout: .seconds(30), bodyTimeout: .seconds(2)))
        try await fixture.application.test(.live) { client in
            let port = try #require(client.port)
            let descriptor = Self.connect(from: "127.0.0.4", port: port)
            #expect(descriptor >= 0)
            defer { close(descriptor) }
            let head =
                "POST /api/v1/trace HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(ServerFixture.readToken)\r\nContent-Length: 100000\r\n\r\nsharegraph"
            _ = head.withCString { send(descriptor, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
            // Without the guard it would wait for the request's own timeout (30 s), then answer 503.
            #expect(Self.closedByServer(descriptor, within: 15))
        }
    }

    /// A callback without its signature headers, announcing a large body it never sends, is
    /// answered 401 from its head alone: the body is never waited for.
    @Test func anUnsignedCallbackIsRefusedBeforeItsBody() async throws {
        let fixture = try ServerFixture(
            limits: ServerLimits(headerTimeout: .seconds(60), bodyTimeout: .seconds(60)),
            openDSR: OpenDSRConfiguration(
                party: "vekstly",
                signer: OpenDSRSigner(key: P256.Signing.PrivateKey(), domain: "vekstly.example"),
                keys: OpenDSRKeys(), callbackURL: "https://vekstly.example/opendsr/callbacks"))
        try await fixture.application.test(.live) { client in
            let port = try #require(client.port)
            let callback = Self.connect(from: "127.0.0.5", port: port)
            #expect(callback >= 0)
            defer { close(callback) }
            let unsigned = "POST /opendsr/callbacks HTTP/1.1\r\nHost: localhost\r\nContent-Length: 60000\r\n\r\n{"
            _ = unsigned.withCString { send(callback, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
            // Waiting for the body would mean no answer before the 60-second deadlines.
            var poller = pollfd(fd: callback, events: Int16(POLLIN), revents: 0)
            #expect(poll(&poller, 1, 20_000) == 1)
            var buffer = [UInt8](repeating: 0, count: 512)
            let count = read(callback, &buffer, buffer.count)
            let answer = String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self)
            #expect(answer.hasPrefix("HTTP/1.1 401"), "\(answer)")
        }
    }
}
