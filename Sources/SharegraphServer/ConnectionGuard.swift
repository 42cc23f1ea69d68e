// Bounds on a connection before any request reaches the router: a request's head must arrive
// within a time (from the connection's start, or from the previous answer on a kept-alive one),
// its body within another, and one client address may hold only so many connections. A client that
// opens sockets and sends nothing, or trickles bytes, is closed instead of holding a slot for ever.

import Logging
import NIOCore
import NIOHTTPTypes
import Synchronization

/// The connections each client address holds, shared by every connection's guard.
final class ConnectionCounts: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    /// Counts a new connection from `address`; false when it would pass `limit`.
    func open(_ address: String, limit: Int) -> Bool {
        counts.withLock { counts in
            let now = counts[address, default: 0]
            guard now < limit else { return false }
            counts[address] = now + 1
            return true
        }
    }

    /// Counts a connection from `address` closed.
    func close(_ address: String) {
        counts.withLock { counts in
            let now = counts[address, default: 1] - 1
            counts[address] = now > 0 ? now : nil
        }
    }

    /// How many connections `address` holds.
    func count(_ address: String) -> Int { counts.withLock { $0[address, default: 0] } }
}

/// One connection's bounds: the head's deadline, the body's deadline and the per-client cap.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let limits: ServerLimits
    let counts: ConnectionCounts
    let logger: Logger
    private var address: String?
    private var deadline: Scheduled<Void>?

    init(limits: ServerLimits, counts: ConnectionCounts, logger: Logger) {
        self.limits = limits
        self.counts = counts
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if let remote = context.channel.remoteAddress?.ipAddress {
            guard counts.open(remote, limit: limits.maxConnectionsPerClient) else {
                logger.warning(
                    "connection refused: too many from one client",
                    metadata: ["limit": "\(limits.maxConnectionsPerClient)"])
                // Closed on the next turn of the event loop, once the server has taken the
                // connection: closing it while the pipeline is still being set up would leave the
                // server holding a half-made connection.
                let channel = context.channel
                context.eventLoop.execute { channel.close(promise: nil) }
                return
            }
            address = remote
        }
        arm(context, limits.headerTimeout, what: "request head")
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        if let address { counts.close(address) }
        address = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        if let address { counts.close(address) }
        address = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: arm(context, limits.bodyTimeout, what: "request body")
        case .end:
            deadline?.cancel()
            deadline = nil
        case .body: break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            // Kept alive: the next request's head has the same time to arrive.
            arm(context, limits.headerTimeout, what: "next request head")
        }
        context.write(data, promise: promise)
    }

    private func arm(_ context: ChannelHandlerContext, _ timeout: Duration, what: String) {
        deadline?.cancel()
        let channel = context.channel
        let logger = logger
        deadline = context.eventLoop.scheduleTask(in: .init(timeout)) {
            logger.info("connection closed: too slow", metadata: ["waiting for": "\(what)"])
            channel.close(promise: nil)
        }
    }
}
