// What every request passes through: problems as RFC 9457, bearer tokens, bounds on concurrency,
// time and body size, and a log line that carries the route, never an identifier, token or body.

import Foundation
public import Hummingbird
import Logging
import Synchronization

/// The request context: Hummingbird's, with the caller's grant once the token is checked.
public struct ServerContext: RequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// What the caller's token allows; nil before the token is checked, and for the open routes.
    public var grant: Grant?

    /// Creates the context for one request.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// The caller's grant, when it allows reading.
    func requireRead() throws -> Grant {
        guard let grant, grant.read else {
            throw Problem.forbidden("this token may not read; it needs the `read` scope")
        }
        return grant
    }

    /// The caller's grant, when it allows writing.
    func requireWrite() throws -> Grant {
        guard let grant, grant.write else {
            throw Problem.forbidden("this token may not record anything; it needs the `write` scope")
        }
        return grant
    }
}

extension Problem {
    /// 403: the token lacks the scope.
    static func forbidden(_ detail: String) -> Problem { Problem(.forbidden, "Forbidden", detail: detail) }
}

/// Bounds the server puts on each request.
public struct ServerLimits: Sendable {
    /// The largest request body, in bytes.
    public var maxBodyBytes: Int
    /// How long a request may take before it is answered 503.
    public var requestTimeout: Duration
    /// How many requests are handled at once; more are answered 503 with Retry-After.
    public var maxConcurrentRequests: Int
    /// How long a request's head may take to arrive, from the connection's start or the previous
    /// answer on a kept-alive connection; then the connection is closed (idle sockets, slowloris).
    public var headerTimeout: Duration
    /// How long a request's body may take to arrive after its head (a slow body).
    public var bodyTimeout: Duration
    /// How many connections one client address may hold at once; more are closed at once.
    public var maxConnectionsPerClient: Int

    /// Creates the limits.
    public init(
        maxBodyBytes: Int = 1 << 20, requestTimeout: Duration = .seconds(30), maxConcurrentRequests: Int = 256,
        headerTimeout: Duration = .seconds(15), bodyTimeout: Duration = .seconds(15), maxConnectionsPerClient: Int = 64
    ) {
        self.maxBodyBytes = maxBodyBytes
        self.requestTimeout = requestTimeout
        self.maxConcurrentRequests = maxConcurrentRequests
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.maxConnectionsPerClient = maxConnectionsPerClient
    }
}

/// Every route's pattern and method, filled once the routes are registered, so a path that exists
/// under other methods is answered 405 with `Allow` (RFC 9110 §15.5.6) rather than 404.
final class RouteTable: @unchecked Sendable {
    // Written once, before the server answers anything; read only after.
    private var routes: [(segments: [Substring], method: HTTPRequest.Method)] = []

    func fill(_ routes: [(pattern: String, method: HTTPRequest.Method)]) {
        self.routes = routes.map { (segments: $0.pattern.split(separator: "/"), method: $0.method) }
    }

    /// The methods a concrete path takes, sorted; empty when no route has that path.
    func methods(for path: String) -> [String] {
        let parts = path.split(separator: "/")
        let methods = routes.filter { route in
            route.segments.count == parts.count
                && zip(route.segments, parts).allSatisfy { pattern, part in
                    pattern.hasPrefix(":") || pattern.hasPrefix("{") || pattern == "*" || pattern == part
                }
        }.map(\.method.rawValue)
        return Array(Set(methods)).sorted()
    }
}

/// Turns every error into problem details, and logs each request by its route.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    let logger: Logger
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let started = ContinuousClock.now
        let response: Response
        do {
            response = try await next(request, context)
        } catch let problem as Problem {
            response = problem.response(path: request.uri.path)
        } catch let error as HTTPError
            where error.status == .notFound
            && !routes.methods(for: request.uri.path).isEmpty
        {
            let allowed = routes.methods(for: request.uri.path)
            var answer = Problem(
                .methodNotAllowed, "Method not allowed",
                detail: "this route takes \(allowed.joined(separator: ", ")), not \(request.method)"
            ).response(path: request.uri.path)
            answer.headers[.allow] = allowed.joined(separator: ", ")
            response = answer
        } catch let error as HTTPError {
            let detail =
                switch error.status {
                case .notFound: "no such route; the API is described at /api/v1/openapi.json"
                case .methodNotAllowed: "this route does not take \(request.method)"
                case .contentTooLarge: "the body is larger than this server accepts"
                default: error.body ?? error.status.reasonPhrase
                }
            response = Problem(error.status, error.status.reasonPhrase, detail: detail).response(path: request.uri.path)
        } catch {
            // The error's type only: its text may quote what was sent.
            logger.error(
                "request failed", metadata: ["route": "\(context.endpointPath ?? "-")", "error": "\(type(of: error))"])
            response = Problem(
                .internalServerError, "Internal error", detail: "the server could not answer; see its log"
            )
            .response(path: request.uri.path)
        }
        let elapsed = ContinuousClock.now - started
        logger.info(
            "request",
            metadata: [
                "method": "\(request.method)", "route": "\(context.endpointPath ?? "unmatched")",
                "status": "\(response.status.code)",
                "ms": "\(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)",
                "token": "\(context.grant?.name ?? "-")",
            ])
        return response
    }
}

/// Checks the bearer token on every route but the open ones.
struct AccessMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    let tokens: TokenStore
    let logger: Logger
    /// Routes that answer without a token: the health check, and OpenDSR callbacks, which are
    /// authenticated by their signature instead.
    static let open: Set<String> = OpenDSRRoutes.callbackPaths.union(["/api/health"])

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        if Self.open.contains(request.uri.path) { return try await next(request, context) }
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer "),
            case let token = String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces),
            !token.isEmpty
        else {
            var response = Problem(
                .unauthorized, "Unauthorized",
                detail: "send `Authorization: Bearer TOKEN`; tokens are made with `sharegraph token`"
            ).response(path: request.uri.path)
            response.headers[.wwwAuthenticate] = "Bearer realm=\"sharegraph\""
            logger.info("request refused: no token", metadata: ["method": "\(request.method)", "status": "401"])
            return response
        }
        guard let grant = tokens.grant(for: token) else {
            var response = Problem(.unauthorized, "Unauthorized", detail: "the token is not known to this server")
                .response(path: request.uri.path)
            response.headers[.wwwAuthenticate] = "Bearer realm=\"sharegraph\", error=\"invalid_token\""
            logger.warning(
                "request refused: unknown token", metadata: ["method": "\(request.method)", "status": "401"])
            return response
        }
        var context = context
        context.grant = grant
        return try await next(request, context)
    }
}

/// Wraps the router: answers 503 when too many requests are in flight, or when one takes longer
/// than the limit. (A middleware's `next` cannot run in a child task; a responder can.)
struct LimitedResponder<Inner: HTTPResponder>: HTTPResponder where Inner.Context == ServerContext {
    typealias Context = ServerContext
    let inner: Inner
    let limits: ServerLimits
    let inFlight = Counter()

    final class Counter: Sendable {
        let value = Atomic<Int>(0)
    }

    func respond(to request: Request, context: Context) async throws -> Response {
        // The health check is answered outside the limit, so a load balancer sees the truth while
        // the server is busy.
        if request.uri.path == "/api/health" { return try await inner.respond(to: request, context: context) }
        let now = inFlight.value.wrappingAdd(1, ordering: .relaxed).newValue
        defer { inFlight.value.wrappingSubtract(1, ordering: .relaxed) }
        guard now <= limits.maxConcurrentRequests else {
            return Problem(
                .serviceUnavailable, "Busy", detail: "the server is handling as many requests as it allows; try again",
                retryAfter: 1
            ).response(path: request.uri.path)
        }
        let timeout = limits.requestTimeout
        let inner = inner
        return try await withThrowingTaskGroup(of: Response?.self) { group in
            group.addTask { try await inner.respond(to: request, context: context) }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let response = first else {
                return Problem(
                    .serviceUnavailable, "Timed out", detail: "the answer took longer than the server allows",
                    retryAfter: 5
                ).response(path: request.uri.path)
            }
            return response
        }
    }
}

extension Request {
    /// The body, up to `limit` bytes; a larger one is a 413 problem.
    mutating func bytes(limit: Int) async throws -> [UInt8] {
        do {
            let buffer = try await collectBody(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch {
            throw Problem(
                .contentTooLarge, "Body too large",
                detail: "the body is larger than this server's limit of \(limit) bytes")
        }
    }

    /// A query parameter.
    func query(_ name: String) -> String? { uri.queryParameters.get(name) }
}
