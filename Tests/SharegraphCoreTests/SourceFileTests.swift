// A kept file gives back each line as written, and a file read back is quoted only while unchanged.

import Foundation
import SharegraphCore
import Synchronization
import Testing

struct SourceFileTests {
    @Test func aSourceFileGivesBackEachLineWithoutItsBreak() {
        let file = SourceFile(path: "f.yaml", text: "first: 1\r\nsecond: ø å\n\nlast without break")
        #expect(file.line(1) == "first: 1", "a CRLF line loses its CR too")
        #expect(file.line(2) == "second: ø å")
        #expect(file.line(3) == "")
        #expect(file.line(4) == "last without break")
        #expect(file.line(0) == nil && file.line(5) == nil)
        let ending = SourceFile(path: "g.yaml", text: "a\n")
        #expect(ending.line(1) == "a" && ending.line(2) == "" && ending.line(3) == nil)
        #expect(SourceFile(path: "e.yaml", text: "").line(1) == "")
    }

    @Test func aSourceFileReadBackIsQuotedOnlyWhileItsTextIsUnchanged() {
        let text = "first: 1\nsecond: ø å\n"
        let reads = Mutex(0)
        let file = SourceFile(
            path: "g.yaml", text: text,
            readBack: {
                reads.withLock { $0 += 1 }
                return text
            })
        #expect(reads.withLock { $0 } == 0, "nothing is read until a line is quoted")
        #expect(file.line(2) == "second: ø å")
        #expect(file.line(1) == "first: 1")
        #expect(reads.withLock { $0 } == 1, "read once, then kept")
        // Changed after loading, to the same length: the line is no longer quoted, since it would
        // not be the line the finding is about. Gone, or of another length: likewise.
        let changed = SourceFile(
            path: "h.yaml", text: text, readBack: { text.replacingOccurrences(of: "first", with: "frist") })
        #expect(changed.line(1) == nil && changed.line(2) == nil)
        #expect(SourceFile(path: "i.yaml", text: text, readBack: { nil }).line(1) == nil)
        #expect(SourceFile(path: "j.yaml", text: text, readBack: { text + "x" }).line(1) == nil)
    }

}
