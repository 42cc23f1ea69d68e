// What the graph says about delivering notices, read once for both front ends (`sharegraph deliver`
// and the server's delivery service): which endpoints are the organisation's own, each
// controller's sender address, and which recipients would read the same webhook secret.

public import SharegraphCore

/// The graph's part of a delivery run.
public struct DeliverySetup: Sendable {
    /// Webhook and OpenDSR request URLs of parties the graph marks `internal`: the organisation's
    /// own services, which may be on a private network.
    public var internalEndpoints: Set<String> = []
    /// Each party's e-mail address, the sender of its own notices.
    public var senders: [String: String] = [:]
    /// Recipients that would read one secret variable, by the variable: none of them gets a secret
    /// (each could be given the other's key) until one is renamed.
    public var ambiguousSecrets: [String: [String]] = [:]

    /// Nothing from a graph: no internal endpoints, no senders.
    public init() {}

    /// Reads the setup from a graph.
    public init(graph: Graph) {
        for party in graph.parties {
            if let email = party.contact.email?.value { senders[party.id.value] = email }
            guard party.contact.isInternal else { continue }
            if let webhook = party.contact.webhook?.value { internalEndpoints.insert(webhook) }
            if let endpoint = party.contact.addresses[.openDSR]?.value {
                internalEndpoints.insert(OpenDSRChannel.requestsURL(endpoint))
            }
        }
        ambiguousSecrets = WebhookSecrets.ambiguousRecipients(graph.parties.map(\.id.value))
    }

    /// The webhook secrets, with every ambiguous recipient left without one.
    public var secrets: WebhookSecrets {
        var secrets = WebhookSecrets()
        for parties in ambiguousSecrets.values { secrets.ambiguous.formUnion(parties) }
        return secrets
    }

    /// The warning for each ambiguous secret variable, for the front end to show or log.
    public var warnings: [String] {
        ambiguousSecrets.sorted { $0.key < $1.key }.map { variable, parties in
            "recipients \(parties.map { "`\($0)`" }.joined(separator: " and ")) would read the same \(variable); neither gets a webhook secret until one is renamed"
        }
    }
}
