// `sharegraph serve`: the graphs as a service, the ledger behind an API, and OpenDSR both ways.

import ArgumentParser
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import SharegraphLedger
import SharegraphServer
import SharegraphSupport

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the graphs, traces, diagrams and the ledger over HTTP, and OpenDSR both ways.",
        discussion: """
            Loads the graphs once and holds them compiled; a changed file is reloaded in the background, and a \
            reload with errors keeps the last good graph serving (its errors are at /api/health). Every route but \
            /api/health needs `Authorization: Bearer TOKEN`; tokens are read from --tokens FILE or \
            SHAREGRAPH_TOKENS, one `NAME SCOPES sha256:HEX` per line (make one with `sharegraph token`). \
            SIGTERM or SIGINT stops it after the requests in flight are answered. The API is described at \
            /api/v1/openapi.json and in docs/SERVER.md.

            Examples:
              sharegraph token ci --scope read >> tokens.txt     (shows the token once)
              sharegraph serve --tokens tokens.txt
              sharegraph serve --port 9000 --opendsr-party igo-processor --opendsr-key key.pem --opendsr-keys peers/
            """)

    @Option(name: .customLong("graphs"), help: "Graph files or directories.")
    var graphs: [String] = ["Graphs"]

    @OptionGroup var ledger: LedgerOptions

    @Option(help: "The address to listen on; 127.0.0.1 unless the server is meant to be reached from elsewhere.")
    var host = "127.0.0.1"

    @Option(help: "The port; 0 picks a free one and prints it.")
    var port = 8080

    @Option(help: "The token file (one `NAME SCOPES sha256:HEX` per line); else SHAREGRAPH_TOKENS.")
    var tokens: String?

    @Option(help: "Seconds between checks of the graph files for changes.")
    var reloadInterval = 2

    @Option(help: "Seconds between delivery passes (webhooks, OpenDSR, status callbacks); 0 sends nothing.")
    var deliveryInterval = 5

    @Option(help: "The largest request body, in bytes.")
    var maxBodyBytes = 1 << 20

    @Option(help: "Seconds a request may take before it is answered 503.")
    var requestTimeout = 30

    @Option(help: "Requests handled at once; more are answered 503 with Retry-After.")
    var maxConcurrent = 256

    @Option(
        help:
            "Seconds a request's head may take to arrive (from the connection's start or the last answer), and its body after it; slower connections are closed."
    )
    var readTimeout = 15

    @Option(help: "Connections one client address may hold at once; more are closed.")
    var maxConnectionsPerClient = 64

    @Option(help: "OpenDSR: this organisation's party id in the graph, for requests it receives as processor.")
    var opendsrParty: String?

    @Option(help: "OpenDSR: this organisation's P-256 private key (PEM), which signs answers and callbacks.")
    var opendsrKey: String?

    @Option(help: "OpenDSR: the domain named in X-OpenDSR-Processor-Domain; default the host and port.")
    var opendsrDomain: String?

    @Option(help: "OpenDSR: a directory of other organisations' public keys, PARTY.pem each.")
    var opendsrKeys: String?

    @Option(
        help:
            "The URL this server is reached at, for OpenDSR status callbacks (URL/opendsr/v1/callbacks) and the key's URL in discovery."
    )
    var publicURL: String?

    @OptionGroup var cache: CacheOptions

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port is 0 to 65535") }
        guard reloadInterval >= 1, deliveryInterval >= 0, requestTimeout >= 1, maxConcurrent >= 1, maxBodyBytes >= 1024,
            readTimeout >= 1, maxConnectionsPerClient >= 1
        else {
            throw ValidationError(
                "--reload-interval, --request-timeout, --max-concurrent, --read-timeout and --max-connections-per-client are at least 1, --max-body-bytes at least 1024"
            )
        }
        if (opendsrParty == nil) != (opendsrKey == nil) {
            throw ValidationError("--opendsr-party and --opendsr-key go together")
        }
    }

    func run() async throws {
        Allocator.limitArenas()
        var logger = Logger(label: "sharegraph.serve")
        logger.logLevel =
            ProcessInfo.processInfo.environment["SHAREGRAPH_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let tokenStore = try readTokens()
        if tokenStore.isEmpty {
            Terminal.standardError(
                "warning: no tokens are configured, so only /api/health answers; make one with `sharegraph token NAME --scope read`"
            )
        }
        if !["127.0.0.1", "::1", "localhost"].contains(host) {
            Terminal.standardError(
                "warning: listening on \(host), beyond this machine; put TLS in front of it, since tokens and identifiers travel in requests"
            )
        }
        let store = GraphStore(paths: graphs, loader: cache.loader, logger: logger)
        let problems = store.reload()
        if !problems.isEmpty {
            Inputs.report(problems, files: [:])
            Terminal.standardError(
                "the graphs have errors; the server starts and answers 503 until a fixed file is saved")
        }
        let environment = ServerEnvironment(
            graphs: store, ledger: try ledger.open(creating: true),
            limits: ServerLimits(
                maxBodyBytes: maxBodyBytes, requestTimeout: .seconds(requestTimeout),
                maxConcurrentRequests: maxConcurrent, headerTimeout: .seconds(readTimeout),
                bodyTimeout: .seconds(readTimeout), maxConnectionsPerClient: maxConnectionsPerClient),
            toolVersion: SharegraphCommand.version)
        let configuration = ServerConfiguration(
            host: host, port: port, tokens: tokenStore, reloadInterval: .seconds(reloadInterval),
            deliveryInterval: deliveryInterval == 0 ? nil : .seconds(deliveryInterval), openDSR: try openDSR())
        let app = SharegraphServer.application(
            environment: environment, configuration: configuration, logger: logger,
            onServerRunning: { [host] port in
                Terminal.standardError("sharegraph serve: listening on http://\(host):\(port) (health: /api/health)")
            })
        try await app.runService()
        Terminal.standardError("sharegraph serve: stopped; the ledger is closed")
    }

    func readTokens() throws -> TokenStore {
        do {
            if let tokens {
                guard let text = try? String(contentsOfFile: tokens, encoding: .utf8) else {
                    throw Inputs.usage("cannot read the token file \(tokens); check the path")
                }
                return try TokenStore(text: text, origin: tokens)
            }
            if let text = ProcessInfo.processInfo.environment["SHAREGRAPH_TOKENS"] {
                return try TokenStore(text: text.replacingOccurrences(of: ";", with: "\n"), origin: "SHAREGRAPH_TOKENS")
            }
            return TokenStore()
        } catch let error as TokenFileError {
            Terminal.standardError(error.description)
            throw ExitCode(1)
        }
    }

    func openDSR() throws -> OpenDSRConfiguration? {
        var keys = OpenDSRKeys()
        if let opendsrKeys {
            do {
                keys = try OpenDSRKeys(directory: opendsrKeys)
            } catch {
                Terminal.error("cannot read the keys in \(opendsrKeys): \(error)")
                throw ExitCode(1)
            }
        }
        guard let opendsrParty, let opendsrKey else {
            guard publicURL != nil || opendsrKeys != nil else { return nil }
            Terminal.standardError(
                "error: OpenDSR needs --opendsr-party and --opendsr-key (this organisation's signing key) as well")
            throw ExitCode(2)
        }
        do {
            let signer = try OpenDSRSigner(pemFile: opendsrKey, domain: opendsrDomain ?? "\(host):\(port)")
            return OpenDSRConfiguration(party: opendsrParty, signer: signer, keys: keys, publicURL: publicURL)
        } catch {
            Terminal.standardError(
                "error: \(opendsrKey) is not a P-256 private key in PEM; make one with `openssl ecparam -name prime256v1 -genkey -noout -out \(opendsrKey)`"
            )
            throw ExitCode(1)
        }
    }
}

struct Token: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Make a token for `sharegraph serve`: the token once on standard error, its line for the token file on standard output.",
        discussion: """
            The server stores only the token's SHA-256. Scopes: read (graphs, traces, plans, diagrams, the \
            ledger), write (record requests and answers), opendsr=PARTY (an OpenDSR controller that sends \
            requests for PARTY).

            Example:
              sharegraph token ci --scope read,write >> tokens.txt
            """)

    @Argument(help: "A name for the token, shown in the server's log instead of the token.")
    var name: String

    @Option(help: "Comma-separated scopes: read, write, opendsr=PARTY.")
    var scope = "read"

    func validate() throws {
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." })
        else { throw ValidationError("the name is letters, digits, `-`, `_` and `.`") }
        for part in scope.split(separator: ",") where !["read", "write"].contains(part) && !part.hasPrefix("opendsr=") {
            throw ValidationError("unknown scope `\(part)`; use read, write and opendsr=PARTY")
        }
    }

    func run() throws {
        let token = TokenStore.newToken()
        // The line (which holds only the digest) on standard output, for `>> tokens.txt`; the token
        // itself on standard error, for the person to hand to the client.
        Terminal.standardError("token for \(name) (shown once; give it to the client): \(token)")
        print(TokenStore.line(name: name, scopes: scope, token: token))
    }
}
