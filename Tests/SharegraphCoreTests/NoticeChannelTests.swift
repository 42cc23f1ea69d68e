// Which address a notice takes when a party gives several.

import SharegraphCore
import Testing

struct NoticeChannelTests {
    @Test func anOpenDSREndpointCarriesOnlyTheProcessorsInstruction() {
        let place = SourceLocation(file: "t", line: 1, column: 1)
        let contact = Contact(addresses: [
            .openDSR: Located("https://p.example/opendsr", at: place),
            .email: Located("dpa@p.example", at: place),
        ])
        // Art. 28(3)(g): the processor's instruction is an OpenDSR erasure request.
        #expect(contact.preferred(for: .instruct)?.kind == .openDSR)
        // Art. 19 word to the same party as an independent controller, and a follow-up years later,
        // are not OpenDSR requests: they take the next address.
        #expect(contact.preferred(for: .inform)?.kind == .email)
        #expect(contact.preferred(for: .followUp)?.kind == .email)
        // With OpenDSR alone, an Art. 19 notice has no address.
        let only = Contact(addresses: [.openDSR: Located("https://p.example/opendsr", at: place)])
        #expect(only.preferred(for: .inform) == nil)
        // A stored channel word maps back to its kind; an unknown word is not guessed.
        #expect(NoticeChannel(keyword: "opendsr", detail: "u") == .endpoint(.openDSR, address: "u"))
        #expect(NoticeChannel(keyword: "carrier-pigeon", detail: "u") == nil)
    }
}
