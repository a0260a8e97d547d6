/// Turns a swift-log metadata key into a journald field name.
///
/// journald accepts only `[A-Z0-9_]`, at most 64 characters, not starting with `_` (reserved for trusted
/// fields) or a digit. Prefixed keys keep their own namespace (`kafka.partition` → `KAFKA_PARTITION`);
/// bare keys (`worker`) get `STARSINK_` so they cannot collide with journald's well-known fields, and so
/// do keys that would land on a field this module writes itself (`code.file` → `STARSINK_CODE_FILE`).
package enum JournalFieldName {
    /// Fields the journal handler writes; metadata must not add second values to them.
    static let reserved: Set<String> = [
        "MESSAGE", "PRIORITY", "SYSLOG_IDENTIFIER", "CODE_FILE", "CODE_LINE", "CODE_FUNC", "LOGGER_LABEL",
        "ERROR", "MESSAGE_ID", "ERRNO", "SYSLOG_FACILITY", "SYSLOG_PID", "SYSLOG_TIMESTAMP", "TID",
    ]

    static let prefix = "STARSINK_"
    static let maximumLength = 64

    package static func make(fromMetadataKey key: String) -> String {
        var name = String(
            String.UnicodeScalarView(
                key.uppercased().unicodeScalars.map { scalar in
                    switch scalar {
                    case "A"..."Z", "0"..."9", "_": scalar
                    default: "_"
                    }
                }
            )
        )
        let startsBadly = name.first.map { $0 == "_" || $0.isASCII && $0.isNumber } ?? true
        if !key.contains(".") || startsBadly || reserved.contains(name) {
            name = prefix + name
        }
        return String(name.prefix(maximumLength))
    }
}
