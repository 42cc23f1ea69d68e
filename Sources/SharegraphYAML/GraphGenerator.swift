// Writes large, valid graphs in the real format for benchmarks: controllers with processors,
// sub-processor chains, shared vendors, independent recipients, authorities and conditional flows.

/// A deterministic generator of graph files; the same seed gives the same files.
public struct GraphGenerator: Sendable {
    public var parties: Int
    public var flows: Int
    public var seed: UInt64

    /// Creates a generator for about `parties` parties and exactly `flows` flows.
    public init(parties: Int, flows: Int, seed: UInt64 = 1) {
        self.parties = max(parties, 20)
        self.flows = max(flows, 1)
        self.seed = seed
    }

    private struct Random {
        var state: UInt64
        mutating func below(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(max(bound, 1)))
        }
    }

    static let categories = [
        "identity.name", "contact.email", "contact.phone", "contact.address", "financial.invoice", "financial.transaction",
        "commercial.orders", "online.ip-address", "online.browsing", "communication.correspondence", "marketing.profile",
    ]

    /// The files to write, as (file name, text), shared recipients first.
    public func files() -> [(name: String, text: String)] {
        var random = Random(state: seed)
        let vendors = max(parties / 100, 3)
        let controllers = max((parties - vendors - 2) / 10, 1)
        var shared = "sharegraph: 1\nparties:\n"
        shared += "  - {id: police, name: Police, kind: public-authority, country: NO}\n"
        shared += "  - {id: courts, name: Courts, kind: public-authority, country: NO}\n"
        for vendor in 0..<vendors {
            let abroad = vendor % 3 == 0
            shared += "  - {id: vendor-\(vendor), name: Vendor \(vendor), country: \(abroad ? "US" : "IE"), contact: {webhook: https://vendor\(vendor).example/erasure}}\n"
        }
        var result = [(name: "000-shared.yaml", text: shared)]
        var written = 0
        for controller in 0..<controllers {
            let c = "c\(controller)"
            let remaining = flows - written
            let share = controller == controllers - 1 ? remaining : min(remaining, flows / controllers)
            written += share
            var text = "sharegraph: 1\nparties:\n  - {id: \(c), name: Controller \(controller), country: NO, contact: {email: dpo@c\(controller).example}}\n"
            for local in 0..<9 {
                text += "  - {id: \(c)-r\(local), name: Recipient \(controller)-\(local), country: \(local % 4 == 0 ? "SE" : "NO"), contact: {email: privacy@r\(local).c\(controller).example}}\n"
            }
            let bases = ["contract", "legitimate-interests", "consent", "legal-obligation"]
            let rules = ["contract-end + 36 months", "collection + 12 months", "until consent-withdrawn", "end of year of financial-year-end + 5 years"]
            text += "purposes:\n"
            for (index, basis) in bases.enumerated() {
                text += "  - {id: \(c).p\(index), controller: \(c), legal-basis: \(basis), balancing: generated, categories: [\(Self.categories.joined(separator: ", "))], subjects: [customer], retention: \(rules[index])}\n"
            }
            text += "contracts:\n"
            for local in 0..<9 { text += "  - {id: \(c)-dpa\(local), type: dpa, parties: [\(c), \(c)-r\(local)]}\n" }
            for vendor in 0..<vendors { text += "  - {id: \(c)-vdpa\(vendor), type: dpa, parties: [\(c), vendor-\(vendor)]}\n" }
            text += "flows:\n"
            for index in 0..<share {
                let category = Self.categories[random.below(Self.categories.count)]
                let purpose = "\(c).p\(random.below(2))"
                switch index % 10 {
                case 0, 1, 2, 3:
                    let local = random.below(3)
                    text += "  - {id: \(c)-f\(index), from: \(c), to: \(c)-r\(local), role: processor, purpose: \(purpose), categories: [identity.name, \(category)], contract: \(c)-dpa\(local)}\n"
                case 4:
                    text += "  - {id: \(c)-f\(index), from: \(c)-r\(random.below(3)), to: \(c)-r\(3 + random.below(2)), role: sub-processor, categories: [identity.name], contract: \(c)-dpa\(3), authorisation: \(c)-dpa0}\n"
                case 5, 6:
                    let vendor = random.below(vendors)
                    let transfer = vendor % 3 == 0 ? ", transfer: {mechanism: scc}" : ""
                    text += "  - {id: \(c)-f\(index), from: \(c), to: vendor-\(vendor), role: processor, purpose: \(purpose), categories: [\(category)], contract: \(c)-vdpa\(vendor)\(transfer)}\n"
                case 7:
                    text += "  - {id: \(c)-f\(index), from: \(c), to: \(c)-r\(5 + random.below(4)), role: independent-controller, purpose: \(purpose), categories: [\(category)], when: invoice-overdue}\n"
                case 8:
                    text += "  - {id: \(c)-f\(index), from: \(c), to: police, role: authority, purpose: \(c).p3, categories: [identity.name], when: police-request}\n"
                default:
                    text += "  - {id: \(c)-f\(index), from: \(c), to: \(c)-r\(5 + random.below(4)), role: independent-controller, purpose: \(purpose), categories: [\(category)], when: {unless: sharing-refused}}\n"
                }
            }
            let number = String(controller + 1)
            result.append((name: String(repeating: "0", count: max(0, 6 - number.count)) + number + ".yaml", text: text))
        }
        return result
    }
}
