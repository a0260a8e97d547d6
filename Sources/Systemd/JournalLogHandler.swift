import CSystemd
import Logging
import SyslogSeverity

/// A swift-log handler writing to journald's native protocol through `sd_journal_sendv`, so metadata
/// becomes searchable fields (`journalctl KAFKA_PARTITION=3`) rather than text inside MESSAGE.
package struct JournalLogHandler: StateBackedLogHandler {
    package var state: LogHandlerState

    private let label: String
    private let identifier: String
    private let sink: @Sendable ([String]) -> Void

    /// - Parameters:
    ///   - identifier: `SYSLOG_IDENTIFIER`, what `journalctl -t` filters on.
    ///   - sink: receives the `FIELD=value` strings of one entry; tests capture them here.
    package init(
        label: String,
        levelControl: LogLevelControl,
        identifier: String = "starsink",
        metadataProvider: Logger.MetadataProvider? = nil,
        sink: @escaping @Sendable ([String]) -> Void = JournalLogHandler.sendToJournal
    ) {
        self.label = label
        self.state = LogHandlerState(levelControl: levelControl, metadataProvider: metadataProvider)
        self.identifier = identifier
        self.sink = sink
    }

    package func log(event: LogEvent) {
        sink(fields(for: event))
    }

    /// The `FIELD=value` strings for one event, in a stable order.
    package func fields(for event: LogEvent) -> [String] {
        var fields = [
            "MESSAGE=\(event.message)",
            "PRIORITY=\(event.level.syslogSeverity)",
            "SYSLOG_IDENTIFIER=\(identifier)",
            "CODE_FILE=\(event.file)",
            "CODE_LINE=\(event.line)",
            "CODE_FUNC=\(event.function)",
        ]
        if !label.isEmpty {
            fields.append("LOGGER_LABEL=\(label)")
        }
        if let error = event.error {
            fields.append("ERROR=\(String(describing: error))")
        }
        for (key, value) in state.entries(for: event) {
            fields.append("\(JournalFieldName.make(fromMetadataKey: key))=\(value)")
        }
        return fields
    }

    /// Sends one journal entry; the default sink.
    package static func sendToJournal(_ fields: [String]) {
        submit(fields)
    }

    /// Sends one journal entry and returns `sd_journal_sendv`'s result (0, or a negative errno). It returns
    /// 0 when no journal socket exists, so logging outside systemd costs a failed `sendmsg` and nothing else.
    @discardableResult
    package static func submit(_ fields: [String]) -> Int32 {
        guard !fields.isEmpty else { return 0 }
        // Memory: every field is copied into one byte buffer, and each iovec points into it. The iovecs
        // are used only inside `withUnsafeBufferPointer`, which keeps the buffer alive and unmoved until
        // `sd_journal_sendv` has returned; the library copies the data into its datagram before that.
        var bytes: [UInt8] = []
        var spans: [(offset: Int, count: Int)] = []
        for field in fields {
            spans.append((bytes.count, field.utf8.count))
            bytes.append(contentsOf: field.utf8)
        }
        return bytes.withUnsafeBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return 0 }
            let vectors = spans.map { span in
                iovec(iov_base: UnsafeMutableRawPointer(mutating: base + span.offset), iov_len: span.count)
            }
            return sd_journal_sendv(vectors, Int32(vectors.count))
        }
    }
}
