// Running programs from the tests: the one place that starts processes, reads both their outputs
// without stalling on a full pipe, and waits for them.

public import Foundation

/// Starts programs for the tests: the `sharegraph` binary, python3 with a consumer library, nm.
public enum Programs {
    /// How a program ended and what it printed.
    public struct Outcome: Sendable {
        /// The exit status, or the signal's number when it was killed.
        public var status: Int32
        /// Standard output.
        public var stdout: String
        /// Standard error.
        public var stderr: String
        /// An exit, or a signal such as a crash test's SIGKILL.
        public var reason: Process.TerminationReason
        /// Both outputs, standard output first.
        public var output: String { stdout + stderr }
    }

    /// The process for `executable`: a path, or a name found on PATH through /usr/bin/env.
    static func process(
        _ executable: String, _ arguments: [String], in directory: URL?, environment: [String: String]?
    ) -> Process {
        let process = Process()
        if executable.contains("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable] + arguments
        }
        if let directory { process.currentDirectoryURL = directory }
        if let environment {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        return process
    }

    /// Runs a program to its end, with `input` on its standard input; both outputs are read side by
    /// side, so a program that writes much to one while the other is unread never stalls.
    public static func run(
        _ executable: String, _ arguments: [String], input: Data? = nil, in directory: URL? = nil,
        environment: [String: String]? = nil
    ) throws -> Outcome {
        let process = process(executable, arguments, in: directory, environment: environment)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = input.map { _ in Pipe() }
        if let stdin { process.standardInput = stdin }
        try process.run()
        if let stdin, let input {
            stdin.fileHandleForWriting.write(input)
            try stdin.fileHandleForWriting.close()
        }
        let errors = ErrorReader(err.fileHandleForReading)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.wait()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self), reason: process.terminationReason)
    }

    /// Starts a program that keeps running (a server, a receiver); its output goes to `log`, or nowhere.
    public static func start(
        _ executable: String, _ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil,
        log: URL? = nil
    ) throws -> Process {
        let process = process(executable, arguments, in: directory, environment: environment)
        if let log {
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            process.standardOutput = handle
            process.standardError = handle
        } else {
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        return process
    }

    /// Runs python3 with `arguments`: its exit status and both outputs together.
    public static func python(_ arguments: [String], input: Data? = nil) throws -> (status: Int32, output: String) {
        let outcome = try run("python3", arguments, input: input)
        return (outcome.status, outcome.stdout + outcome.stderr)
    }

    /// Reads a pipe to its end on another thread.
    final class ErrorReader: @unchecked Sendable {
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)

        init(_ handle: FileHandle) {
            Thread.detachNewThread { [self] in
                data = handle.readDataToEndOfFile()
                done.signal()
            }
        }

        func wait() -> Data {
            done.wait()
            return data
        }
    }
}
