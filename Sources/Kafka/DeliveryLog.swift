import Synchronization

/// Where a producer notes each acknowledged record's partition, offset and create time, for a
/// caller that follows single records end to end (the benchmark's produce→commit latency).
///
/// The delivery-report callback only appends under the lock and returns (callbacks record, loops
/// act); the caller takes the entries from its own loop. Entries accumulate until drained.
package final class DeliveryLog: Sendable {
    package struct Entry: Sendable, Equatable {
        package var partition: Int32
        package var offset: Int64
        /// The record's Kafka timestamp (CreateTime, set by `KafkaProducer.send` when it queued the record),
        /// milliseconds since the epoch: the same instant the daemon measures its own latency from.
        package var createdAtMilliseconds: Int64

        package init(partition: Int32, offset: Int64, createdAtMilliseconds: Int64) {
            self.partition = partition
            self.offset = offset
            self.createdAtMilliseconds = createdAtMilliseconds
        }
    }

    private let entries = Mutex<[Entry]>([])

    package init() {}

    func record(_ entry: Entry) {
        entries.withLock { $0.append(entry) }
    }

    /// The entries recorded since the last call, in delivery order.
    package func drain() -> [Entry] {
        entries.withLock { entries in
            defer { entries.removeAll(keepingCapacity: true) }
            return entries
        }
    }
}
