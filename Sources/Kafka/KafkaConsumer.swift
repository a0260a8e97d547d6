import CRdKafka
import Logging
import SyslogSeverity

/// A member of a Kafka consumer group, reading the partitions the group assigns it.
///
/// Threading rule: use it from one thread at a time — in starsink, the worker's own serial Dispatch queue —
/// because `poll` and `close` run the rebalance listener and keep per-poll state without locks. It is
/// deliberately not `Sendable`; create it on the queue (or thread) that polls it. Every call may block up to
/// its timeout (and `close` until the group is left), so never call it from Swift's cooperative thread pool.
///
/// Offsets are never committed behind the caller's back: auto commit and auto offset store are off, and
/// `close` commits nothing.
///
/// librdkafka behaviour this type relies on or works around (checked on 2.0.2, Debian 12; the same in later 2.x):
/// - An OFFSET_OUT_OF_RANGE reset under `auto.offset.reset=earliest|latest` is not a consumer error event
///   (`_AUTO_OFFSET_RESET` is only delivered with `auto.offset.reset=error`); it is only logged. We turn that
///   log line into an `_AUTO_OFFSET_RESET` event (see `RDKafkaConsumerContext.log`). Later versions add the
///   leader epoch to the line's middle; the parts we match (facility `OFFSET`, `topic [p]:`, "offset reset")
///   are unchanged.
/// - Client-level errors (`_TRANSPORT`, `_ALL_BROKERS_DOWN`, `_FATAL`) never come out of
///   `rd_kafka_consumer_poll`; they reach error_cb, which we also turn into events.
/// - librdkafka 2.x's default `session.timeout.ms` is 45 s; see `KafkaConsumerConfiguration` for ours.
package final class KafkaConsumer {
    private let handle: RDKafkaHandle
    private let context: RDKafkaConsumerContext
    private let logger: Logger
    private(set) var isClosed = false
    /// Configured with `group.instance.id`: closing must not leave the group (see `close`).
    private let isStaticMember: Bool
    /// A message polled while an error was pending; returned by the next `poll` so errors come first.
    private var stashedMessage: KafkaMessage?
    /// Topic names by librdkafka topic handle (stable while the client lives), to avoid a String per message.
    private var topicNames: [OpaquePointer: String] = [:]

    package init(configuration: KafkaConsumerConfiguration, logger: Logger) throws(KafkaError) {
        let context = RDKafkaConsumerContext(logger: logger)
        // Warnings must reach log_cb whatever the logger's level: offset resets are detected there.
        var properties = ["log_level": "\(max(logger.logLevel.syslogSeverity, 4))"]
        properties.merge(configuration.librdkafkaProperties) { _, configured in configured }
        isStaticMember = !(properties["group.instance.id"] ?? "").isEmpty
        handle = try RDKafkaHandle(type: RD_KAFKA_CONSUMER, properties: properties, context: context) { conf in
            rd_kafka_conf_set_rebalance_cb(conf) { client, err, list, opaque in
                guard let client, let context = RDKafkaConsumerContext.of(opaque: opaque) else { return }
                context.rebalance(client: client, err: err, list: list)
            }
            rd_kafka_conf_set_offset_commit_cb(conf) { _, err, list, opaque in
                RDKafkaConsumerContext.of(opaque: opaque)?.commitCompleted(err: err, list: list)
            }
        }
        self.context = context
        self.logger = logger
        // One queue for everything: rebalances, errors and messages are all served by `poll`.
        rd_kafka_poll_set_consumer(handle.pointer)
    }

    deinit {
        close()
    }

    /// Told about assignments from inside `poll`; set it before `subscribe`. Held weakly.
    package var rebalanceListener: KafkaRebalanceListener? {
        get { context.listener }
        set { context.listener = newValue }
    }

    package func subscribe(topics: [String]) throws(KafkaError) {
        try checkOpen()
        let list = RDKafkaPartitionList.make(topics.map { (TopicPartition(topic: $0, partition: -1), nil) })
        defer { rd_kafka_topic_partition_list_destroy(list) }
        let err = rd_kafka_subscribe(handle.pointer, list)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err) }
        logger.info("Kafka consumer subscribed", metadata: ["kafka.topics": "\(topics)"])
    }

    /// The next message or error, or nil when nothing arrived within the timeout. Rebalance callbacks run in
    /// here. `_PARTITION_EOF` (if enabled through properties) is swallowed.
    package func poll(timeoutMilliseconds: Int32) -> KafkaConsumerEvent? {
        guard !isClosed else { return nil }
        if let error = context.takePendingError() { return .error(error) }
        if let message = stashedMessage {
            stashedMessage = nil
            return .message(message)
        }
        let deadline = ContinuousClock.now + .milliseconds(Int(max(timeoutMilliseconds, 0)))
        var remaining = timeoutMilliseconds
        while true {
            guard let raw = rd_kafka_consumer_poll(handle.pointer, remaining) else {
                return context.takePendingError().map(KafkaConsumerEvent.error)
            }
            defer { rd_kafka_message_destroy(raw) }
            if let event = event(from: raw) { return event }
            remaining = Self.milliseconds(until: deadline)
        }
    }

    private func event(from raw: UnsafeMutablePointer<rd_kafka_message_t>) -> KafkaConsumerEvent? {
        switch raw.pointee.err {
        case RD_KAFKA_RESP_ERR_NO_ERROR:
            let message = KafkaMessage(raw, topic: topicName(raw.pointee.rkt))
            // An error queued meanwhile (e.g. an offset reset) must be seen before this message.
            if let error = context.takePendingError() {
                stashedMessage = message
                return .error(error)
            }
            return .message(message)
        case RD_KAFKA_RESP_ERR__PARTITION_EOF:
            return nil
        default:
            return .error(KafkaError(message: raw, client: handle.pointer))
        }
    }

    private func topicName(_ topic: OpaquePointer?) -> String {
        guard let topic else { return "" }
        if let name = topicNames[topic] { return name }
        let name = String(cString: rd_kafka_topic_name(topic))
        topicNames[topic] = name
        return name
    }

    /// Leaves the group cleanly (revoking partitions through the listener) and commits nothing. Idempotent.
    ///
    /// A static member (`group.instance.id`) does not leave: `rd_kafka_consumer_close` revokes its partitions
    /// locally and sends no LeaveGroup (KIP-345), so the broker keeps its place until `session.timeout.ms`
    /// and a restart within that time gets the same partitions without a rebalance. Unsubscribing first,
    /// as `leaveGroup` does, would send a LeaveGroup and rebalance the whole group.
    package func close() {
        guard !isClosed else { return }
        if !isStaticMember { leaveGroup(within: .seconds(10)) }
        isClosed = true
        let err = rd_kafka_consumer_close(handle.pointer)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            logger.warning("Kafka consumer close failed", metadata: ["kafka.error": "\(KafkaError(err))"])
        }
    }

    /// Unsubscribes and serves the revoke from `poll` until nothing is assigned, so that
    /// `rd_kafka_consumer_close` finds no rebalance left to run. Closing straight from an assignment
    /// can hang forever inside the revoke callback's `rd_kafka_assign` when another member's
    /// departure has started a rebalance at the same moment (seen here with librdkafka 2.0.2 and
    /// two workers stopping together; librdkafka issues #4884 and #4527). Messages polled
    /// meanwhile are dropped: nothing past the warehouse's offsets counts as consumed.
    private func leaveGroup(within timeout: Duration) {
        let err = rd_kafka_unsubscribe(handle.pointer)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { return }
        let deadline = ContinuousClock.now + timeout
        stashedMessage = nil
        while (try? assignment().isEmpty) == false, ContinuousClock.now < deadline {
            _ = poll(timeoutMilliseconds: 100)
        }
        stashedMessage = nil
    }

    func checkOpen() throws(KafkaError) {
        if isClosed { throw KafkaError(RD_KAFKA_RESP_ERR__STATE, message: "the consumer is closed") }
    }

    var client: OpaquePointer { handle.pointer }

    static func milliseconds(until deadline: ContinuousClock.Instant) -> Int32 {
        let left = deadline - ContinuousClock.now
        guard left > .zero else { return 0 }
        let (seconds, attoseconds) = left.components
        return Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }
}
