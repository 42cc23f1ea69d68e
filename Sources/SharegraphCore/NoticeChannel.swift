// How erasure notices reach a recipient: the kinds of address a party can give in its `contact`
// (each delivered by one channel in SharegraphLedger), and the channel a planned notice takes.

/// A kind of address a party can receive notices at, such as a webhook URL or an e-mail address.
///
/// Adding a kind is one constant here and its entry in ``known``; its delivery is one file in
/// SharegraphLedger that conforms to `DeliveryChannel`, registered where the deliverer is made.
public struct ChannelKind: Sendable, Hashable, CustomStringConvertible {
    /// How an address of this kind is written.
    public enum Syntax: Sendable, Hashable {
        /// An `https://` URL (`http://` only for localhost or an internal service).
        case url
        /// One plain e-mail address.
        case email
    }

    /// The key in a party's `contact` and the word stored in the ledger (`webhook`).
    public let name: String
    /// How its addresses are written and checked.
    public let syntax: Syntax
    /// Whether the channel carries only a processor's instruction (Art. 28(3)(g)), one per request:
    /// other notices to the party (Art. 19 word, a follow-up years later) take its next address.
    public let instructionsOnly: Bool

    /// Creates a kind; known kinds are the constants below.
    public init(name: String, syntax: Syntax, instructionsOnly: Bool = false) {
        self.name = name
        self.syntax = syntax
        self.instructionsOnly = instructionsOnly
    }

    /// The kind's name.
    public var description: String { name }

    /// An OpenDSR endpoint: the instruction is an OpenDSR erasure request, answered by signed status callbacks.
    public static let openDSR = ChannelKind(name: "opendsr", syntax: .url, instructionsOnly: true)
    /// A signed HTTP POST (Standard Webhooks).
    public static let webhook = ChannelKind(name: "webhook", syntax: .url)
    /// An e-mail written to the outbox.
    public static let email = ChannelKind(name: "email", syntax: .email)

    /// Every kind a graph may name, in the order a notice prefers them when a party gives several.
    public static let known: [ChannelKind] = [.openDSR, .webhook, .email]

    /// The known kind with this name.
    public static func named(_ name: String) -> ChannelKind? { known.first { $0.name == name } }
}

/// Where erasure notices to a party go.
public struct Contact: Sendable, Hashable {
    /// The party's addresses for notices, by kind.
    public var addresses: [ChannelKind: Located<String>]
    /// Why there is no channel, when the graph says so explicitly.
    public var noneReason: String?
    /// Whether the party's URLs are the organisation's own service on a private network, so that a
    /// private or loopback address is allowed for them.
    public var isInternal = false

    /// Creates a contact.
    public init(addresses: [ChannelKind: Located<String>] = [:], noneReason: String? = nil) {
        self.addresses = addresses
        self.noneReason = noneReason
    }

    /// The e-mail address for notices.
    public var email: Located<String>? { addresses[.email] }
    /// The webhook URL for notices.
    public var webhook: Located<String>? { addresses[.webhook] }

    /// Whether a notice can be delivered at all.
    public var hasChannel: Bool { !addresses.isEmpty }

    /// The address a notice with `action` takes: the first known kind the party gives that carries it.
    public func preferred(for action: ErasureAction) -> (kind: ChannelKind, address: String)? {
        for kind in ChannelKind.known where action == .instruct || !kind.instructionsOnly {
            if let address = addresses[kind] { return (kind, address.value) }
        }
        return nil
    }
}

/// How a notice reaches its recipient.
public enum NoticeChannel: Sendable, Hashable {
    /// The controller's own task; nothing is sent.
    case `internal`
    /// Sent to an address of the recipient's.
    case endpoint(ChannelKind, address: String)
    /// Passed on by the named processor, which instructs its sub-processor.
    case relay(via: String)
    /// No address: the graph gives none, with its reason; JSON lines can hand it to a script.
    case none(reason: String)

    /// A signed HTTP POST to `url`.
    public static func webhook(url: String) -> NoticeChannel { .endpoint(.webhook, address: url) }
    /// An e-mail to `address`.
    public static func email(address: String) -> NoticeChannel { .endpoint(.email, address: address) }

    /// The party's own address for notices of `action` (Art. 19), or `none` with the graph's reason.
    /// The erasure plan, a supplementary notice and an OpenDSR relay all address a party this way.
    public static func direct(to party: Party?, for action: ErasureAction) -> NoticeChannel {
        if let (kind, address) = party?.contact.preferred(for: action) { return .endpoint(kind, address: address) }
        return .none(reason: party?.contact.noneReason ?? "the graph gives no address for notices")
    }

    /// A stable word for storage and output.
    public var keyword: String {
        switch self {
        case .internal: "internal"
        case .endpoint(let kind, _): kind.name
        case .relay: "relay"
        case .none: "none"
        }
    }

    /// The address or the reason.
    public var detail: String? {
        switch self {
        case .internal: nil
        case .endpoint(_, let address): address
        case .relay(let via): via
        case .none(let reason): reason
        }
    }

    /// The channel stored as `keyword` and `detail`; nil for a keyword this build does not know.
    public init?(keyword: String, detail: String?) {
        switch keyword {
        case "internal": self = .internal
        case "relay": self = .relay(via: detail ?? "")
        case "none": self = .none(reason: detail ?? "")
        default:
            guard let kind = ChannelKind.named(keyword) else { return nil }
            self = .endpoint(kind, address: detail ?? "")
        }
    }
}
