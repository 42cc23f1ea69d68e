// Webhook URLs parsed, not pattern-matched: scheme, userinfo, host and port taken apart, and each
// address sorted into loopback, private, link-local (cloud metadata among them) or public.

/// A parsed webhook URL.
public struct WebhookAddress: Sendable, Hashable {
    /// `http` or `https`.
    public var scheme: String
    /// The host as written, without brackets.
    public var host: String
    /// The port, when the URL gives one.
    public var port: Int?

    /// Where an IP address points.
    public enum Reach: String, Sendable, Hashable {
        case loopback, `private`
        case linkLocal = "link-local"
        case unspecified, `public`
        /// Multicast and broadcast: never one recipient's endpoint.
        case multicast
        /// Reserved, documentation and benchmarking ranges: no real endpoint lives there.
        case reserved

        /// Whether a notice may go there without the recipient being marked internal.
        public var isPublic: Bool { self == .public }
    }

    /// Parses `scheme://host[:port][/path]`; the error says what is wrong in words.
    public static func parse(_ text: String) -> Result<WebhookAddress, WebhookAddressError> {
        guard !text.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) else {
            return .failure(.whiteSpace)
        }
        guard let separator = Self.find("://", in: text) else { return .failure(.notHTTP) }
        let scheme = text[..<separator].lowercased()
        guard scheme == "http" || scheme == "https" else { return .failure(.notHTTP) }
        let rest = text[text.index(separator, offsetBy: 3)...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.contains("@") else { return .failure(.userinfo) }
        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return .failure(.badHost) }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return .failure(.badHost) }
                portText = after.dropFirst()
            }
        } else {
            let parts = authority.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            host = parts[0]
            if parts.count == 2 { portText = parts[1] }
        }
        guard !host.isEmpty else { return .failure(.badHost) }
        var port: Int?
        if let portText {
            guard let number = Int(portText), (1...65_535).contains(number), portText.allSatisfy(\.isASCII) else {
                return .failure(.badPort)
            }
            port = number
        }
        let lowered = host.lowercased()
        // A host of digits, dots and hex that is not a plain dotted quad (`2852039166`, `0xa9.254.0x1`,
        // `0251.0376.0251.0376`) is an address in disguise.
        if !lowered.contains(":"), lowered.allSatisfy({ $0.isHexDigit || $0 == "." || $0 == "x" }),
            lowered.contains(where: \.isNumber),
            Self.ipv4(lowered) == nil, !lowered.contains(where: { $0.isLetter && $0 != "x" }) || lowered.hasPrefix("0x")
        {
            return .failure(.disguisedAddress)
        }
        return .success(WebhookAddress(scheme: scheme, host: lowered, port: port))
    }

    /// Where `needle` first starts in `text`.
    static func find(_ needle: String, in text: String) -> String.Index? {
        var index = text.startIndex
        while index < text.endIndex {
            if text[index...].hasPrefix(needle) { return index }
            index = text.index(after: index)
        }
        return nil
    }

    /// Where the written host points, when it is an IP address; nil for a name.
    public var literalReach: Reach? {
        if let v4 = Self.ipv4(host) { return Self.reach(v4: v4) }
        if let v6 = Self.ipv6(host) { return Self.reach(v6: v6) }
        return nil
    }

    /// An IPv4 address in plain dotted decimal, as four bytes.
    public static func ipv4(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                !(part.count > 1 && part.hasPrefix("0")),
                let value = UInt8(part)
            else { return nil }
            bytes.append(value)
        }
        return bytes
    }

    /// An IPv6 address (with `::` and an IPv4 tail) as sixteen bytes.
    public static func ipv6(_ text: String) -> [UInt8]? {
        guard text.contains(":") else { return nil }
        var head: [UInt16] = []
        var tail: [UInt16] = []
        var halves: [String] = []
        if let double = find("::", in: text) {
            halves = [String(text[..<double]), String(text[text.index(double, offsetBy: 2)...])]
            guard find("::", in: halves[1]) == nil else { return nil }
        } else {
            halves = [text]
        }
        func groups(_ part: String, allowV4: Bool) -> [UInt16]? {
            guard !part.isEmpty else { return [] }
            var result: [UInt16] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if allowV4, index == pieces.count - 1, piece.contains("."), let v4 = ipv4(String(piece)) {
                    result.append(UInt16(v4[0]) << 8 | UInt16(v4[1]))
                    result.append(UInt16(v4[2]) << 8 | UInt16(v4[3]))
                    continue
                }
                guard (1...4).contains(piece.count), let value = UInt16(piece, radix: 16) else { return nil }
                result.append(value)
            }
            return result
        }
        guard let first = groups(halves[0], allowV4: halves.count == 1) else { return nil }
        head = first
        if halves.count == 2 {
            guard let second = groups(halves[1], allowV4: true) else { return nil }
            tail = second
            guard head.count + tail.count < 8 else { return nil }
        } else {
            guard head.count == 8 else { return nil }
        }
        let all = head + [UInt16](repeating: 0, count: 8 - head.count - tail.count) + tail
        return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }

    /// IPv4 ranges (RFC 6890): 127/8 loopback; 10/8, 172.16/12, 192.168/16, 100.64/10 private;
    /// 169.254/16 link-local (the cloud metadata address 169.254.169.254 among them); 0/8
    /// unspecified; 224/4 multicast and 255.255.255.255 broadcast; 240/4 reserved, 198.18/15
    /// benchmarking, 192.0.0/24 protocol assignments and the documentation ranges reserved.
    public static func reach(v4 bytes: [UInt8]) -> Reach {
        switch (bytes[0], bytes[1], bytes[2]) {
        case (127, _, _): return .loopback
        case (0, _, _): return .unspecified
        case (10, _, _), (192, 168, _): return .private
        case (172, 16...31, _): return .private
        case (100, 64...127, _): return .private
        case (169, 254, _): return .linkLocal
        case (224...239, _, _): return .multicast
        case (240...255, _, _): return .reserved
        case (198, 18...19, _): return .reserved
        case (192, 0, 0), (192, 0, 2), (198, 51, 100), (203, 0, 113): return .reserved
        default: return .public
        }
    }

    /// IPv6 ranges: ::1 loopback, :: unspecified, fc00::/7 private, fe80::/10 link-local, ff00::/8
    /// multicast, 2001:db8::/32 documentation. An address that carries an IPv4 address is judged
    /// by it: IPv4-mapped (::ffff:a.b.c.d) as that address; IPv4-compatible (::a.b.c.d), NAT64
    /// (64:ff9b::/96, 64:ff9b:1::/48), 6to4 (2002::/16) and Teredo (2001::/32, its client address)
    /// reach the embedded address through a gateway, so a non-public one is refused and a
    /// loopback one is not this machine's loopback (judged private).
    public static func reach(v6 bytes: [UInt8]) -> Reach {
        if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
            return reach(v4: Array(bytes[12..<16]))
        }
        if bytes[0..<15].allSatisfy({ $0 == 0 }) { return bytes[15] == 1 ? .loopback : .unspecified }
        if bytes[0..<12].allSatisfy({ $0 == 0 }) { return throughGateway(Array(bytes[12..<16])) }
        if bytes[0] == 0x00, bytes[1] == 0x64, bytes[2] == 0xFF, bytes[3] == 0x9B {
            // 64:ff9b::/96 well-known NAT64; 64:ff9b:1::/48 is for local use only.
            if bytes[4..<12].allSatisfy({ $0 == 0 }) { return throughGateway(Array(bytes[12..<16])) }
            if bytes[4] == 0x00, bytes[5] == 0x01 { return .private }
        }
        if bytes[0] == 0x20, bytes[1] == 0x02 { return throughGateway(Array(bytes[2..<6])) }
        if bytes[0] == 0x20, bytes[1] == 0x01, bytes[2] == 0x00, bytes[3] == 0x00 {
            return throughGateway(bytes[12..<16].map { $0 ^ 0xFF })
        }
        if bytes[0] == 0x20, bytes[1] == 0x01, bytes[2] == 0x0D, bytes[3] == 0xB8 { return .reserved }
        if bytes[0] == 0xFF { return .multicast }
        if bytes[0] & 0xFE == 0xFC { return .private }
        if bytes[0] == 0xFE, bytes[1] & 0xC0 == 0x80 { return .linkLocal }
        return .public
    }

    /// An IPv4 address reached through a translating gateway: judged as itself, except that its
    /// loopback is the gateway's, never this machine's.
    private static func throughGateway(_ v4: [UInt8]) -> Reach {
        let embedded = reach(v4: v4)
        return embedded == .loopback ? .private : embedded
    }
}

/// Why a webhook URL was refused.
public enum WebhookAddressError: Error, Sendable, Hashable, CustomStringConvertible {
    case whiteSpace, notHTTP, userinfo, badHost, badPort, disguisedAddress

    /// Why the address is refused, in words.
    public var description: String {
        switch self {
        case .whiteSpace: "contains white space or a control character"
        case .notHTTP: "is not an http(s) URL"
        case .userinfo: "carries a user name or password (`user@host`), which could hide where it goes"
        case .badHost: "has no usable host"
        case .badPort: "has a port outside 1-65535"
        case .disguisedAddress: "writes an IP address in a disguised form; write it in plain dotted decimal"
        }
    }
}
