import Foundation
import Synchronization

/// A `starsink` (or other) child process whose output the test reads line by line.
///
/// Its stdout and stderr are each read to end-of-file by a `PipeReader` on a thread of its own;
/// tests poll the lines read so far with a deadline.
package final class ChildProcess: @unchecked Sendable {
    // @unchecked: `process` is configured before `run()` and afterwards only read through
    // Foundation's thread-safe accessors; the readers are Sendable.
    package let process = Process()
    private let stdoutReader: PipeReader
    private let stderrReader: PipeReader
    private let stdinPipe = Pipe()

    /// The starsink binary built by `swift build` next to the test bundle (``StarsinkBinary``).
    package static var starsinkPath: String { StarsinkBinary.path }

    /// Starts `executable`; the default starsink binary only once it is known not to be stale.
    package init(
        _ arguments: [String], executable: String = ChildProcess.starsinkPath, environment: [String: String] = [:]
    ) throws {
        try StarsinkBinary.check(executable)
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
        stdoutReader = PipeReader(out.fileHandleForReading)
        stderrReader = PipeReader(err.fileHandleForReading)
        try process.run()
    }

    package var stdout: [String] { stdoutReader.lines }
    package var stderr: [String] { stderrReader.lines }

    package func send(_ line: String) {
        stdinPipe.fileHandleForWriting.write(Data((line + "\n").utf8))
    }

    /// Polls stdout until a line satisfies `predicate`, or the timeout passes.
    package func waitForLine(timeout: Duration, where predicate: (String) -> Bool) -> String? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = stdout.first(where: predicate) { return line }
            if !process.isRunning {
                // Its last lines may still be in the pipe when the exit is seen: read them before answering.
                _ = stdoutReader.waitForEnd(until: deadline)
                return stdout.first(where: predicate)
            }
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

    /// Runs a command to completion and returns its status and all of its stdout and stderr, exactly as written.
    package static func run(
        _ arguments: [String], executable: String = ChildProcess.starsinkPath,
        timeout: Duration = .seconds(120)
    ) throws -> (status: Int32, stdout: String, stderr: String) {
        let deadline = ContinuousClock.now + timeout
        let command = "\(URL(fileURLWithPath: executable).lastPathComponent) \(arguments.joined(separator: " "))"
        let child = try ChildProcess(arguments, executable: executable)
        guard let status = child.waitForExit(timeout: timeout) else {
            child.terminate()
            throw TestFailure("\(command) did not finish within \(timeout)")
        }
        // The exit is seen before the readers have taken the pipes' last bytes. Once the child is gone
        // they end within milliseconds; the floor only spares a child that exits just before the deadline.
        let drained = max(deadline, .now + .seconds(10))
        guard child.stdoutReader.waitForEnd(until: drained), child.stderrReader.waitForEnd(until: drained) else {
            throw TestFailure(
                "\(command) exited, but its output did not end: a process it started still holds the pipes")
        }
        return (status, child.stdoutReader.text, child.stderrReader.text)
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
