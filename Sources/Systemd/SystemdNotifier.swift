import Foundation
import Glibc

/// The sd_notify protocol: readiness, reload, stop, status text and watchdog pings sent to the service
/// manager. A no-op when there is no (usable) `NOTIFY_SOCKET`, so the daemon calls it unconditionally.
///
/// Sending failures are ignored, as `sd_notify` callers conventionally do: the service manager is the one
/// that cares, and a failed ping shows up there as a watchdog timeout.
package struct SystemdNotifier: Sendable {
    private let socket: NotifySocket?

    /// Reads `NOTIFY_SOCKET` (a path or an `@abstract` name) from `environment`.
    package init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.socket = environment["NOTIFY_SOCKET"].flatMap(NotifySocket.init)
    }

    /// Whether a service manager is listening; false outside systemd.
    package var isEnabled: Bool { socket != nil }

    /// `READY=1`: start-up finished, or a reload finished.
    package func ready(status: String? = nil) {
        send(["READY=1"] + Self.statusAssignment(status))
    }

    /// `RELOADING=1` with the `MONOTONIC_USEC` timestamp systemd 253+ requires; 252 ignores the timestamp.
    /// Follow with ``ready(status:)`` once the new configuration is applied (or rejected).
    package func reloading(status: String? = nil) {
        send(["RELOADING=1", "MONOTONIC_USEC=\(Self.monotonicMicroseconds())"] + Self.statusAssignment(status))
    }

    /// `STOPPING=1`: shutdown has begun.
    package func stopping(status: String? = nil) {
        send(["STOPPING=1"] + Self.statusAssignment(status))
    }

    /// `STATUS=…`, shown by `systemctl status`.
    package func status(_ text: String) {
        send(Self.statusAssignment(text))
    }

    /// `WATCHDOG=1`: the service is healthy.
    package func watchdog() {
        send(["WATCHDOG=1"])
    }

    /// `EXTEND_TIMEOUT_USEC=…`: asks for more time to start, reload or stop.
    package func extendTimeout(microseconds: UInt64) {
        send(["EXTEND_TIMEOUT_USEC=\(microseconds)"])
    }

    /// Sends raw `KEY=value` assignments as one datagram, joined by newlines.
    package func send(_ assignments: [String]) {
        guard let socket, !assignments.isEmpty else { return }
        socket.send(assignments.joined(separator: "\n"))
    }

    /// `WATCHDOG_USEC` for this process, nil when the watchdog is off. `WATCHDOG_PID`, when present, must
    /// name this process: a child that inherited the environment must not think it is being watched.
    package static func watchdogInterval(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Duration? {
        watchdogInterval(environment: environment, processID: getpid())
    }

    /// ``watchdogInterval(environment:)`` for a given process id.
    package static func watchdogInterval(environment: [String: String], processID: pid_t) -> Duration? {
        guard let text = environment["WATCHDOG_USEC"], let microseconds = UInt64(text), microseconds > 0,
            microseconds <= UInt64(Int64.max)
        else { return nil }
        if let pidText = environment["WATCHDOG_PID"] {
            guard let pid = pid_t(pidText), pid == processID else { return nil }
        }
        return .microseconds(Int64(microseconds))
    }

    /// `STATUS=` is one line of the datagram, so line breaks inside the text become spaces.
    static func statusAssignment(_ text: String?) -> [String] {
        guard let text else { return [] }
        let oneLine = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .joined(separator: " ")
        return ["STATUS=\(oneLine)"]
    }

    /// CLOCK_MONOTONIC in microseconds, the clock systemd compares `MONOTONIC_USEC` against.
    package static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }
}
