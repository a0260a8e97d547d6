import Logging

/// swift-log's levels and syslog's severities (RFC 5424), in both directions: journald's `PRIORITY=` field
/// and librdkafka's `log_level` property and log callback all speak syslog, so the map is written once here.
extension Logger.Level {
    /// 7 debug, 6 info, 5 notice, 4 warning, 3 err, 2 crit. swift-log's trace has no syslog counterpart and
    /// shares debug's 7; nothing starsink logs is alert (1) or emerg (0).
    package var syslogSeverity: Int32 {
        switch self {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// The level for a syslog severity: alert and emerg (1, 0) become critical, anything above 6 debug.
    package init(syslogSeverity: Int32) {
        self =
            switch syslogSeverity {
            case ...2: .critical
            case 3: .error
            case 4: .warning
            case 5: .notice
            case 6: .info
            default: .debug
            }
    }
}
