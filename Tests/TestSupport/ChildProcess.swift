import Foundation
import Synchronization

/// A `starsink` (or other) child process whose output the test reads line by line.
///
/// Output is collected by Foundation's pipe readers on their own threads into Mutex-guarded
/// buffers; tests poll those buffers with a deadline.
package final class ChildProcess: @unchecked Sendable {
    // @unchecked: `process` is configured before `run()` and afterwards only read through
    // Foundation's thread-safe accessors; the output buffers are behind Mutexes.
    package let process = Process()
    private let stdoutLines = LockedBox<[String]>([])
    private let stderrLines = LockedBox<[String]>([])
    private let stdinPipe = Pipe()
    /// How many of stdout/stderr have reached end-of-file.
    private let closedPipes = LockedBox(0)

    /// The starsink binary built by `swift build` next to the test bundle.
    package static var starsinkPath: String {
        if let path = ProcessInfo.processInfo.environment["STARSINK_BINARY"] { return path }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/starsink").path
    }

    package init(_ arguments: [String], executable: String = ChildProcess.starsinkPath, environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["NOTIFY_SOCKET"] = nil
        env["JOURNAL_STREAM"] = nil
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdinPipe
        Self.collect(out, into: stdoutLines, closed: closedPipes)
        Self.collect(err, into: stderrLines, closed: closedPipes)
        try process.run()
    }

    private static func collect(_ pipe: Pipe, into lines: LockedBox<[String]>, closed: LockedBox<Int>) {
        let partial = LockedBox("")
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                partial.withLock { buffer in
                    if !buffer.isEmpty { lines.withLock { $0.append(buffer) } }
                    buffer = ""
                }
                closed.withLock { $0 += 1 }
                return
            }
            let text = String(decoding: data, as: UTF8.self)
            partial.withLock { buffer in
                buffer += text
                while let newline = buffer.firstIndex(where: { $0 == "\n" || $0 == "\r" }) {
                    let line = String(buffer[..<newline])
                    buffer = String(buffer[buffer.index(after: newline)...])
                    if !line.isEmpty { lines.withLock { $0.append(line) } }
                }
            }
        }
    }

    package var stdout: [String] { stdoutLines.withLock { $0 } }
    package var stderr: [String] { stderrLines.withLock { $0 } }

    package func send(_ line: String) {
        stdinPipe.fileHandleForWriting.write(Data((line + "\n").utf8))
    }

    /// Polls stdout until a line satisfies `predicate`, or the timeout passes.
    package func waitForLine(timeout: Duration, where predicate: (String) -> Bool) -> String? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = stdout.first(where: predicate) { return line }
            if !process.isRunning, let line = stdout.first(where: predicate) { return line }
            if !process.isRunning { return nil }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return nil
    }

    package func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits for the process to exit; returns its status, or nil if it is still running at the deadline.
    @discardableResult
    package func waitForExit(timeout: Duration) -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.02) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Ends the process for good (test clean-up).
    package func terminate() {
        if process.isRunning {
            signal(SIGKILL)
            waitForExit(timeout: .seconds(10))
        }
    }

    deinit { terminate() }

    /// Runs a command to completion and returns (status, stdout, stderr).
    package static func run(_ arguments: [String], timeout: Duration = .seconds(120)) throws -> (status: Int32, stdout: String, stderr: String) {
        let child = try ChildProcess(arguments)
        guard let status = child.waitForExit(timeout: timeout) else {
            child.terminate()
            throw TestFailure("starsink \(arguments.joined(separator: " ")) did not finish within \(timeout)")
        }
        // The readers may still be draining the pipes: wait (bounded) for both to reach end-of-file.
        let drain = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < drain, child.closedPipes.withLock({ $0 }) < 2 { Thread.sleep(forTimeInterval: 0.01) }
        return (status, child.stdout.joined(separator: "\n"), child.stderr.joined(separator: "\n"))
    }
}

package struct TestFailure: Error, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
}

/// A Mutex in a class, so closures (the pipe readers) can share it.
package final class LockedBox<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    package init(_ value: Value) { mutex = Mutex(value) }
    package func withLock<Result>(_ body: (inout Value) -> Result) -> Result { mutex.withLock { body(&$0) } }
}
