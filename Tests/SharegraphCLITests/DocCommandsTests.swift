// The README's promise, kept: every command in the code blocks of README.md and docs/*.md runs as
// written from a fresh clone (Tools/doc-commands says how placeholders, the port and the two README
// commands themselves are handled). It failed before on docs/SERVER.md's OpenDSR setup, whose token
// file and key directory did not exist.

import Foundation
import Testing

@Suite(.timeLimit(.minutes(5)))
struct DocCommandsTests {
    @Test func everyCommandInTheDocsRunsAsWritten() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", CLI.repository.appendingPathComponent("Tools/doc-commands").path, CLI.binary.path,
            CLI.repository.path,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0 && output.hasSuffix("ok\n"), "\(output)")
    }
}
