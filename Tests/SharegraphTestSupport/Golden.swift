// Golden files for every test target: the expected output kept in the repository, compared byte for
// byte, and written anew with `SHAREGRAPH_RECORD=1 swift test` when a change is intended.

public import Foundation
public import Testing

/// Compares outputs with golden files.
public enum Golden {
    /// Expects `actual` to equal the file `name` in `directory`; with `SHAREGRAPH_RECORD=1` writes it instead.
    public static func expect(
        _ actual: String, _ name: String, in directory: URL, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let url = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["SHAREGRAPH_RECORD"] == "1" {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(
            actual == expected, "\(name) differs; re-record with SHAREGRAPH_RECORD=1 if the change is intended",
            sourceLocation: sourceLocation)
    }
}
