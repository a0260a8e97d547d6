import Dispatch
import Kafka
import Logging
import Synchronization

/// Log lines captured in memory, so tests can assert on librdkafka's routed logs without touching the global
/// logging bootstrap.
final class LogCapture: Sendable {
    struct Entry: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: Logger.Metadata
        var source: String
    }

    private let entries = Mutex<[Entry]>([])

    func logger(level: Logger.Level = .info) -> Logger {
        var logger = Logger(label: "kafka-tests") { _ in CapturingHandler(capture: self) }
        logger.logLevel = level
        return logger
    }

    func append(_ entry: Entry) { entries.withLock { $0.append(entry) } }
    var all: [Entry] { entries.withLock { $0 } }

    private struct CapturingHandler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
            let entry = Entry(level: event.level, message: "\(event.message)", metadata: merged, source: event.source)
            capture.append(entry)
        }
    }
}

/// Runs blocking librdkafka work on a Dispatch thread of its own, never on Swift's cooperative pool.
///
/// A task executor preference (rather than a bare `DispatchQueue.async`) keeps the test's task-local context,
/// so `#expect` inside `body` is attributed to the right test.
func blocking<T: Sendable>(_ body: @Sendable () throws -> T) async throws -> T {
    try await withTaskExecutorPreference(DispatchTaskExecutor()) {
        try body()
    }
}

/// A task executor that runs every job on one serial Dispatch queue.
final class DispatchTaskExecutor: TaskExecutor {
    private let queue = DispatchQueue(label: "kafka-tests.blocking")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

/// Remembers what a consumer's rebalances told it, and answers assignments with fixed start offsets.
final class RecordingListener: KafkaRebalanceListener {
    var startOffsets: [TopicPartition: Int64]
    /// Assign paused instead (the daemon's way): nothing arrives until the test resumes.
    let startsPaused: Bool
    private(set) var assigned: [[TopicPartition]] = []
    private(set) var revoked: [[TopicPartition]] = []
    /// What the consumer holds now (eager protocol: each revoke empties it, each assign replaces it).
    private(set) var current: Set<TopicPartition> = []

    init(startOffsets: [TopicPartition: Int64] = [:], startsPaused: Bool = false) {
        self.startOffsets = startOffsets
        self.startsPaused = startsPaused
    }

    func partitionsAssigned(_ partitions: [TopicPartition]) -> KafkaAssignmentStart {
        assigned.append(partitions.sorted())
        current = Set(partitions)
        return startsPaused ? .paused : .offsets(startOffsets.filter { partitions.contains($0.key) })
    }

    func partitionsRevoked(_ partitions: [TopicPartition]) {
        revoked.append(partitions.sorted())
        current.subtract(partitions)
    }

}

/// Messages and errors polled from consumers, until a condition holds or a deadline passes.
struct Collected {
    var messages: [KafkaMessage] = []
    var errors: [KafkaError] = []
    /// Events in arrival order, for tests about ordering.
    var events: [KafkaConsumerEvent] = []

    /// Polls `consumers` in turn (all on this thread); returns whether `done` became true in time.
    @discardableResult
    mutating func poll(
        _ consumers: [KafkaConsumer],
        within limit: Duration = .seconds(30),
        until done: (Collected) -> Bool
    ) -> Bool {
        let deadline = ContinuousClock.now + limit
        while !done(self) {
            guard ContinuousClock.now < deadline else { return false }
            for consumer in consumers {
                guard let event = consumer.poll(timeoutMilliseconds: 50) else { continue }
                events.append(event)
                switch event {
                case .message(let message): messages.append(message)
                case .error(let error): errors.append(error)
                }
            }
        }
        return true
    }
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
func text(_ bytes: [UInt8]?) -> String? { bytes.map { String(decoding: $0, as: UTF8.self) } }

/// A new group id per test, so tests sharing nothing also share no group state.
func uniqueGroup(_ name: String) -> String { "\(name)-\(UInt32.random(in: 0...UInt32.max))" }

extension KafkaMockCluster {
    /// A consumer of this cluster in a fresh group named after `group`.
    func consumer(group: String, logs: LogCapture) throws -> KafkaConsumer {
        let configuration = KafkaConsumerConfiguration(brokers: bootstrapServers, groupID: uniqueGroup(group))
        return try KafkaConsumer(configuration: configuration, logger: logs.logger())
    }

    func producer(logs: LogCapture) throws -> KafkaProducer {
        try KafkaProducer(configuration: KafkaProducerConfiguration(brokers: bootstrapServers), logger: logs.logger())
    }
}

extension KafkaProducer {
    /// Sends the numbers in `range` as values (keyed `k<n>` unless a partition is given), then flushes.
    func sendNumbers(_ range: Range<Int>, topic: String, partition: (Int) -> Int32? = { _ in nil }) throws {
        for index in range {
            let target = partition(index)
            let key = target == nil ? bytes("k\(index)") : nil
            try send(topic: topic, partition: target, key: key, value: bytes("\(index)"))
        }
        try flush(timeoutMilliseconds: 20_000)
    }
}
