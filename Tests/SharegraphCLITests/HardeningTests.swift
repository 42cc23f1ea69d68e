// Hostile and careless inputs: files that are not files, files too large to read, and requests that
// point the tool at files elsewhere. Each gets a located message and exit status 1, never a hang.

import Foundation
import Testing

@Suite(.timeLimit(.minutes(1)))
struct HardeningTests {
    static func directory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sharegraph-hard-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// A FIFO given as a graph file used to hang for ever; it is refused at once.
    @Test func aFIFOIsRefusedNotWaitedOn() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let fifo = directory.appendingPathComponent("graph.yaml").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let output = try CLI.run(["check", fifo])
        #expect(output.status == 1)
        #expect(output.stdout.contains("graph.yaml: error: the graph file is not a regular file"), "\(output.stdout)")
    }

    /// A file over the limit is reported in MiB before it is read, not as "67108865 bytes".
    @Test func anOversizedFileIsReportedInMebibytes() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let big = directory.appendingPathComponent("big.yaml").path
        #expect(FileManager.default.createFile(atPath: big, contents: nil))
        #expect(truncate(big, 100 << 20) == 0)
        let output = try CLI.run(["check", big])
        #expect(output.status == 1)
        #expect(output.stdout.contains("the graph file is 100 MiB, more than the limit of 64 MiB [limit-exceeded]"), "\(output.stdout)")
    }

    /// A /proc file that cannot be read says why in words, not "NSCocoaErrorDomain error 256".
    @Test func anUnreadableFileSaysWhy() throws {
        let output = try CLI.run(["check", "/proc/self/mem"])
        #expect(output.status == 1)
        #expect(!output.stdout.contains("NSCocoaErrorDomain") && !output.stderr.contains("NSCocoaErrorDomain"))
        #expect(output.stdout.contains("/proc/self/mem: error: cannot read the graph file: input/output error"), "\(output.stdout)")
    }

    /// A request may only point at a subject file beside it or under the working directory: it
    /// cannot make the tool read (and quote) /etc/passwd. `--subjects-from` allows another directory.
    @Test func aRequestCannotPointAtAFileElsewhere() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let request = directory.appendingPathComponent("request.yaml").path
        try """
            sharegraph-request: 1
            id: r-1
            subject: /etc/passwd
            controller: vekstly
            received: 2026-11-16
            scope: erasure
            """.write(toFile: request, atomically: true, encoding: .utf8)
        let output = try CLI.run(["erase", request, "--plan"])
        #expect(output.status == 1)
        #expect(output.stderr.contains("request.yaml:3:10: error: the subject file `/etc/passwd` lies outside the request's directory and the working directory"), "\(output.stderr)")
        #expect(!output.stderr.contains("root:"), "nothing of the file is quoted")

        let elsewhere = try Self.directory()
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        try FileManager.default.copyItem(atPath: CLI.repository.appendingPathComponent("Samples/subjects/vekstly-course-participant-card.yaml").path,
                                         toPath: elsewhere.appendingPathComponent("person.yaml").path)
        try """
            sharegraph-request: 1
            id: r-2
            subject: \(elsewhere.appendingPathComponent("person.yaml").path)
            controller: vekstly
            received: 2026-11-16
            scope: erasure
            """.write(toFile: request, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["erase", request, "--plan"]).status == 1)
        let allowed = try CLI.run(["erase", request, "--plan", "--subjects-from", elsewhere.path])
        #expect(allowed.status == 0, "\(allowed.stderr)")
    }
}
