// Before a webhook is posted, its host is resolved and every address judged: plain http only to
// loopback, and no private, link-local (cloud metadata) or unspecified address unless the
// recipient is marked internal. The URL is parsed, never pattern-matched.

import Foundation
import SharegraphCore

#if canImport(Glibc)
    import Glibc
#endif

/// A webhook endpoint the deliverer will not post to, and why; the notice fails rather than retries.
public struct EndpointRefused: Error, CustomStringConvertible {
    /// Why the endpoint is refused, in words.
    public var reason: String
    /// The reason.
    public var description: String { reason }
}

enum EndpointGuard {
    /// Throws `EndpointRefused` when the URL or any address its host resolves to is not allowed.
    static func check(_ url: String, isInternal: Bool) throws {
        let address: WebhookAddress
        switch WebhookAddress.parse(url) {
        case .failure(let error): throw EndpointRefused(reason: "the endpoint \(error)")
        case .success(let parsed): address = parsed
        }
        let reaches = try resolve(address.host).map { bytes in
            bytes.count == 4 ? WebhookAddress.reach(v4: bytes) : WebhookAddress.reach(v6: bytes)
        }
        if address.scheme == "http" {
            guard reaches.allSatisfy({ $0 == .loopback }) else {
                throw EndpointRefused(reason: "plain http is allowed to loopback only, and the host resolves elsewhere")
            }
            return
        }
        if !isInternal, let reach = reaches.first(where: { !$0.isPublic }) {
            throw EndpointRefused(
                reason:
                    "the host resolves to a \(reach.rawValue) address; mark the recipient `internal: true` if it is your own service"
            )
        }
    }

    /// The addresses a host name (or literal) resolves to, as 4- or 16-byte arrays.
    static func resolve(_ host: String) throws -> [[UInt8]] {
        if let v4 = WebhookAddress.ipv4(host) { return [v4] }
        if let v6 = WebhookAddress.ipv6(host) { return [v6] }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0, let first = list else {
            throw EndpointRefused(reason: "the host cannot be resolved: \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var addresses: [[UInt8]] = []
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            if let socket = current.pointee.ai_addr {
                switch Int32(current.pointee.ai_family) {
                case AF_INET:
                    socket.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                        var raw = pointer.pointee.sin_addr
                        addresses.append(withUnsafeBytes(of: &raw) { Array($0) })
                    }
                case AF_INET6:
                    socket.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                        var raw = pointer.pointee.sin6_addr
                        addresses.append(withUnsafeBytes(of: &raw) { Array($0) })
                    }
                default: break
                }
            }
            entry = current.pointee.ai_next
        }
        guard !addresses.isEmpty else { throw EndpointRefused(reason: "the host resolves to no address") }
        return addresses
    }
}
