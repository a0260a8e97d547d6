import Glibc
import Logging

/// A swift-log handler writing one readable line per event to stderr, for runs outside systemd:
/// `2026-11-29T02:21:17.123Z info [worker=1 kafka.partition=3] message`.
///
/// Line breaks inside the message and metadata values are written as `\n` so one event stays one line
/// (grep and `tail -f` see whole events).
package struct StderrLogHandler: StateBackedLogHandler {
    package var state: LogHandlerState

    private let label: String
    private let write: @Sendable (String) -> Void

    /// - Parameter write: receives each complete line, newline included; tests capture lines here.
    package init(
        label: String,
        levelControl: LogLevelControl,
        metadataProvider: Logger.MetadataProvider? = nil,
        write: @escaping @Sendable (String) -> Void = StderrLogHandler.writeToStderr
    ) {
        self.label = label
        self.state = LogHandlerState(levelControl: levelControl, metadataProvider: metadataProvider)
        self.write = write
    }

    package func log(event: LogEvent) {
        write(line(for: event, timestamp: Self.currentTimestamp()))
    }

    /// The line for one event, ending in a newline.
    package func line(for event: LogEvent, timestamp: String) -> String {
        var line = "\(timestamp) \(event.level.rawValue)"
        let entries = state.entries(for: event)
        if !entries.isEmpty {
            let rendered = entries.map { "\($0.key)=\(Self.oneLine("\($0.value)"))" }
            line += " [\(rendered.joined(separator: " "))]"
        }
        line += " \(Self.oneLine(event.message.description))"
        if let error = event.error {
            line += " (error: \(Self.oneLine(String(describing: error))))"
        }
        return line + "\n"
    }

    private static func oneLine(_ text: String) -> String {
        guard text.contains(where: \.isNewline) else { return text }
        return text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).joined(separator: "\\n")
    }

    /// Now, as UTC ISO 8601 with milliseconds.
    package static func currentTimestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return timestamp(seconds: Int(now.tv_sec), nanoseconds: Int(now.tv_nsec))
    }

    /// `2026-11-29T02:21:17.123Z`. Formatted by hand with `gmtime_r`: it is thread-safe and allocation-light,
    /// which matters on every log call.
    package static func timestamp(seconds: Int, nanoseconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let date = "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))"
        let clock = "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))"
        return "\(date)T\(clock).\(pad(Int32(nanoseconds / 1_000_000), 3))Z"
    }

    /// Writes one line to stderr; the default writer.
    package static func writeToStderr(_ line: String) {
        writeLine(line, to: STDERR_FILENO)
    }

    /// Writes `line` with a single `write(2)` so lines from concurrent threads never interleave: the
    /// kernel writes each call's bytes contiguously (pipes guarantee it up to PIPE_BUF, files opened
    /// O_APPEND and the journal's stream socket always). Only a short write, which stderr does not
    /// produce in practice, falls back to writing the rest; EINTR is retried.
    package static func writeLine(_ line: String, to fileDescriptor: Int32) {
        let bytes = Array(line.utf8)
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fileDescriptor, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}
