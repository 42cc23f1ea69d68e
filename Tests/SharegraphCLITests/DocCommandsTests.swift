// The README's promise, kept: every command in the code blocks of README.md and docs/*.md runs as
// written from a fresh clone (Tools/doc-commands says how placeholders, the port and the two README
// commands themselves are handled). It failed before on docs/SERVER.md's OpenDSR setup, whose token
// file and key directory did not exist.

import Foundation
import SharegraphTestSupport
import Testing

@Suite(.timeLimit(.minutes(5)))
struct DocCommandsTests {
    @Test func everyCommandInTheDocsRunsAsWritten() throws {
        let (status, output) = try Programs.python([
            CLI.repository.appendingPathComponent("Tools/doc-commands").path, CLI.binary.path, CLI.repository.path,
        ])
        #expect(status == 0 && output.contains("\nok\n"), "\(output)")
    }
}
