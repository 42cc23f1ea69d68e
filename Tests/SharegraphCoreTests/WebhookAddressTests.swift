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
}
