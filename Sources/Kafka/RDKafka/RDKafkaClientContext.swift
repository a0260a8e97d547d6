import CRdKafka
import Logging
import SyslogSeverity

/// What librdkafka's C callbacks of one client handle reach through its opaque pointer: for every client, the
/// logger that librdkafka's own log lines are routed into.
///
/// Lifetime rule: the client that owns the `rd_kafka_t` retains its context once (`Unmanaged.passRetained`)
/// when it sets the opaque on the configuration, and releases it only after `rd_kafka_destroy` has returned,
/// because librdkafka runs no callback after that. If `rd_kafka_new` fails, the configuration (still ours) is
/// destroyed and the reference released at once.
///
/// Threading: `log` runs on librdkafka's internal threads, so everything it touches must be thread-safe
/// (`Logger` is `Sendable`, subclasses use `Mutex`/`Atomic`).
class RDKafkaClientContext {
    let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    /// Receives one librdkafka log line (syslog `level`, librdkafka's facility such as `FAIL` or `OFFSET`).
    func log(level: Int32, facility: String, message: String) {
        logger.log(
            level: Logger.Level(syslogSeverity: level),
            "\(message)",
            metadata: ["kafka.facility": "\(facility)"],
            source: "librdkafka"
        )
    }

    /// Receives a client-level error from error_cb (a broker connection failing, all brokers down, fatal).
    func clientError(_ error: KafkaError) {
        logger.log(level: error.isFatal ? .error : .warning, "\(error)", metadata: ["kafka.error": "\(error.code)"])
    }

    /// Retains `self` for the C side; see the lifetime rule above.
    func retainedOpaque() -> UnsafeMutableRawPointer {
        Unmanaged.passRetained(self).toOpaque()
    }

    /// Balances `retainedOpaque()`, once no callback can run any more.
    static func release(_ opaque: UnsafeMutableRawPointer) {
        Unmanaged<RDKafkaClientContext>.fromOpaque(opaque).release()
    }

    /// The context behind a handle, from inside one of its callbacks.
    static func of(_ client: OpaquePointer?) -> RDKafkaClientContext? {
        guard let client, let opaque = rd_kafka_opaque(client) else { return nil }
        return Unmanaged<RDKafkaClientContext>.fromOpaque(opaque).takeUnretainedValue()
    }
}
