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

/// Judges where a notice or a callback may be posted: by the URL, and by every address its host
/// resolves to, before each post.
public enum EndpointGuard {
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

    /// A URL another organisation gave (an OpenDSR `status_callback_urls` entry): https only, to
    /// public addresses only, judged on the URL and on every address the host resolves to, unless
    /// that organisation is marked internal. The rule "plain http to loopback" is for addresses an
    /// administrator writes in a graph, never for one that came over the network.
    public static func checkFromOutside(_ url: String, isInternal: Bool) throws {
        if isInternal { return try check(url, isInternal: true) }
        let address: WebhookAddress
        switch WebhookAddress.parse(url) {
        case .failure(let error): throw EndpointRefused(reason: "the callback URL \(error)")
        case .success(let parsed): address = parsed
        }
        guard address.scheme == "https" else {
            throw EndpointRefused(reason: "the callback URL is not https; a URL from another organisation must be")
        }
        if let reach = address.literalReach, !reach.isPublic {
            throw EndpointRefused(reason: "the callback URL points at a \(reach.rawValue) address")
        }
        let reaches = try resolve(address.host).map { bytes in
            bytes.count == 4 ? WebhookAddress.reach(v4: bytes) : WebhookAddress.reach(v6: bytes)
        }
        if let reach = reaches.first(where: { !$0.isPublic }) {
            throw EndpointRefused(reason: "the callback URL's host resolves to a \(reach.rawValue) address")
        }
    }

    /// Judged when a URL from outside is received, before anything is resolved: https, and no
    /// literal address that is not public. Nil when acceptable, else the reason.
    public static func refusalAtReceipt(_ url: String) -> String? {
        switch WebhookAddress.parse(url) {
        case .failure(let error): return "the callback URL \(error)"
        case .success(let address):
            guard address.scheme == "https" else { return "the callback URL is not https" }
            if let reach = address.literalReach, !reach.isPublic {
                return "the callback URL points at a \(reach.rawValue) address"
            }
            if ["localhost", "localhost."].contains(address.host.lowercased())
                || address.host.lowercased().hasSuffix(".localhost")
            {
                return "the callback URL points at this machine"
            }
            return nil
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
