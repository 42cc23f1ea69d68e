// Webhook URLs taken apart, and addresses sorted by where they point: the attacks that once passed
// `check` (userinfo, mapped IPv6, the metadata address, disguised numbers) are refused.

import SharegraphCore
import Testing

struct WebhookAddressTests {
    @Test func userinfoAndDisguisedAddressesAreRefused() {
        let refused: [(String, WebhookAddressError)] = [
            ("http://localhost:1@host.example/", .userinfo),
            ("http://127.0.0.1:1@169.254.169.254/latest/meta-data", .userinfo),
            ("https://2852039166/", .disguisedAddress),
            ("https://0xa9.0xfe.0xa9.0xfe/", .disguisedAddress),
            ("https://0251.0376.0251.0376/", .disguisedAddress),
            ("ftp://example.com/", .notHTTP),
            ("https://exa mple.com/", .whiteSpace),
            ("https://example.com:99999/", .badPort),
        ]
        for (url, error) in refused {
            guard case .failure(let found) = WebhookAddress.parse(url) else {
                Issue.record("\(url) was accepted")
                continue
            }
            #expect(found == error, "\(url)")
        }
    }

    @Test func addressesAreSortedByWhereTheyPoint() throws {
        let cases: [(String, WebhookAddress.Reach?)] = [
            ("https://169.254.169.254/", .linkLocal),
            ("http://[::ffff:a9fe:a9fe]/", .linkLocal),
            ("https://[::ffff:169.254.169.254]/", .linkLocal),
            ("https://10.1.2.3/hook", .private),
            ("https://172.20.0.1/", .private),
            ("https://192.168.1.1/", .private),
            ("https://[fd00::1]/", .private),
            ("https://[fe80::1]/", .linkLocal),
            ("http://127.0.0.1:8080/", .loopback),
            ("http://[::1]:9/", .loopback),
            ("https://0.0.0.0/", .unspecified),
            ("https://93.184.216.34/", .public),
            ("https://hooks.example.com/erasure", nil),
        ]
        for (url, reach) in cases {
            let address = try WebhookAddress.parse(url).get()
            #expect(address.literalReach == reach, "\(url)")
        }
    }

    /// Addresses that carry an IPv4 address inside IPv6 are judged by it; multicast, broadcast,
    /// benchmarking and reserved ranges are never a recipient's endpoint. Each of these used to be
    /// judged public.
    @Test func embeddedAndReservedAddressesAreNotPublic() throws {
        let cases: [(String, WebhookAddress.Reach)] = [
            ("https://[64:ff9b::a9fe:a9fe]/", .linkLocal),  // NAT64 of the metadata address
            ("https://[64:ff9b::a00:1]/", .private),  // NAT64 of 10.0.0.1
            ("https://[64:ff9b::7f00:1]/", .private),  // NAT64 of 127.0.0.1: the gateway's loopback
            ("http://[64:ff9b::7f00:1]/", .private),
            ("https://[64:ff9b:1::1]/", .private),  // local-use NAT64
            ("https://[2002:a9fe:a9fe::1]/", .linkLocal),  // 6to4 of the metadata address
            ("https://[2002:c0a8:101::1]/", .private),  // 6to4 of 192.168.1.1
            ("https://[2002:7f00:1::1]/", .private),
            ("https://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/", .private),  // Teredo client 10.0.0.1
            ("https://[::a9fe:a9fe]/", .linkLocal),  // IPv4-compatible
            ("https://[ff02::1]/", .multicast),
            ("https://[2001:db8::1]/", .reserved),
            ("https://198.18.0.1/", .reserved),
            ("https://198.19.255.254/", .reserved),
            ("https://224.0.0.1/", .multicast),
            ("https://239.255.255.250/", .multicast),
            ("https://255.255.255.255/", .reserved),
            ("https://240.0.0.1/", .reserved),
            ("https://192.0.2.1/", .reserved),
            ("https://[2002:5db8:d822::1]/", .public),  // 6to4 of a public address stays public
            ("https://[64:ff9b::5db8:d822]/", .public),
        ]
        for (url, reach) in cases {
            let address = try WebhookAddress.parse(url).get()
            #expect(address.literalReach == reach, "\(url)")
        }
    }
}
