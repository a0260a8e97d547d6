import Foundation
import Synchronization

/// A child `starsink` process started by the benchmark, with its stderr kept for error messages.
///
/// `@unchecked Sendable`: `process` is configured before `run()` and then only queried through
/// Foundation's thread-safe accessors; the collected output sits behind a Mutex.
final class BenchmarkProcess: @unchecked Sendable {
    let process = Process()
    private let output = Mutex<(stdout: String, stderr: String)>(("", ""))

    init(_ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = nil
        environment["JOURNAL_STREAM"] = nil
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        out.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
            } else {
                self?.output.withLock { $0.stdout += String(decoding: data, as: UTF8.self) }
            }
        }
        err.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
            } else {
                self?.output.withLock { $0.stderr += String(decoding: data, as: UTF8.self) }
            }
        }
        try process.run()
    }

    /// This very binary: the benchmark drives the real daemon, not a copy of its code.
    static var executable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    var stdout: String { output.withLock { $0.stdout } }
    var stderr: String { output.withLock { $0.stderr } }
    var pid: Int32 { process.processIdentifier }

    func firstStdoutLine(timeout: Duration) -> String? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = stdout.split(separator: "\n").first { return String(line) }
            if !process.isRunning { return nil }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return nil
    }

    @discardableResult
    func waitForExit(timeout: Duration) -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.02) }
        return process.isRunning ? nil : process.terminationStatus
    }

    func stop() {
        guard process.isRunning else { return }
        kill(pid, SIGTERM)
        if waitForExit(timeout: .seconds(60)) == nil {
            kill(pid, SIGKILL)
            waitForExit(timeout: .seconds(10))
        }
    }

    /// Peak resident set (VmHWM) in bytes, from /proc.
    var peakResidentBytes: Int { statusBytes("VmHWM:") }

    /// Resident set now (VmRSS) in bytes, from /proc.
    var residentBytes: Int { statusBytes("VmRSS:") }

    /// Open file descriptors now: the entries of /proc/PID/fd (sockets, pipes and files alike).
    var openFileDescriptors: Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count) ?? 0
    }

    /// User + system CPU seconds so far, from /proc/PID/stat.
    var cpuSeconds: Double { ProcessCPU.stat(pid)?.own ?? 0 }

    /// A `/proc/PID/status` line such as `VmRSS:  51234 kB`, in bytes.
    private func statusBytes(_ key: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key) }),
            let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { return 0 }
        return kilobytes * 1024
    }
}
