// `sharegraph serve`: the router, its middleware and background services, as one application.

import Foundation
public import Hummingbird
public import Logging
import ServiceLifecycle
import SharegraphLedger

/// How the server is set up.
public struct ServerConfiguration: Sendable {
    /// The address to bind; loopback unless told otherwise.
    public var host: String
    /// The port; 0 picks a free one.
    public var port: Int
    /// The tokens it accepts.
    public var tokens: TokenStore
    /// How often graph files are checked for changes.
    public var reloadInterval: Duration
    /// How often due notices are sent; nil sends none (read-only use).
    public var deliveryInterval: Duration?
    /// OpenDSR, when this organisation takes part.
    public var openDSR: OpenDSRConfiguration?

    /// Creates a configuration.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, tokens: TokenStore, reloadInterval: Duration = .seconds(2),
        deliveryInterval: Duration? = .seconds(5), openDSR: OpenDSRConfiguration? = nil
    ) {
        self.host = host
        self.port = port
        self.tokens = tokens
        self.reloadInterval = reloadInterval
        self.deliveryInterval = deliveryInterval
        self.openDSR = openDSR
    }
}

/// Builds the server.
public enum SharegraphServer {
    /// The router with every route and middleware.
    public static func router(
        environment: ServerEnvironment, configuration: ServerConfiguration, logger: Logger
    ) -> Router<ServerContext> {
        let router = Router(context: ServerContext.self)
        // The token is checked first (a refusal is logged there), so the problem middleware, which
        // logs every answered request, sees the token's name.
        router.add(middleware: AccessMiddleware(tokens: configuration.tokens, logger: logger))
        let table = RouteTable()
        router.add(middleware: ProblemMiddleware(logger: logger, routes: table))
        API(environment: environment, callbackURL: configuration.openDSR?.callbackURL).register(on: router)
        if let openDSR = configuration.openDSR {
            OpenDSRRoutes(processor: OpenDSRProcessor(configuration: openDSR, environment: environment), logger: logger)
                .register(on: router)
        } else {
            OpenDSRRoutes.registerDisabled(on: router)
        }
        table.fill(router.routes.map { (pattern: $0.path.description, method: $0.method) })
        return router
    }

    /// The application: the router behind the limits, the graph watcher, and the delivery and callback services.
    public static func application(
        environment: ServerEnvironment, configuration: ServerConfiguration, logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = router(environment: environment, configuration: configuration, logger: logger)
        let responder = LimitedResponder(inner: router.buildResponder(), limits: environment.limits)
        var services: [any Service] = [GraphWatcher(store: environment.graphs, interval: configuration.reloadInterval)]
        if let interval = configuration.deliveryInterval {
            services.append(
                DeliveryService(
                    environment: environment, keys: configuration.openDSR?.keys ?? OpenDSRKeys(), interval: interval,
                    logger: logger))
            if let openDSR = configuration.openDSR {
                services.append(
                    CallbackService(
                        processor: OpenDSRProcessor(configuration: openDSR, environment: environment),
                        interval: interval,
                        logger: logger))
            }
        }
        let counts = ConnectionCounts()
        let limits = environment.limits
        return Application(
            responder: responder,
            server: .http1(
                configuration: .init(additionalChannelHandlers: [
                    ConnectionGuard(limits: limits, counts: counts, logger: logger)
                ])),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            services: services,
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
    }
}
