import Kafka

/// Produce→commit latency of single records, measured from outside the daemon: the producer's
/// delivery reports say which offset each record got and when it was created; the warehouse's
/// offsets table says, each time the benchmark looks, up to where every partition is committed. A
/// record's latency is the first look that finds it committed minus its create time, so a figure is
/// late by at most one look's interval (and the look's own query).
///
/// A delivery report can arrive after the commit it precedes (the broker appends before it
/// acknowledges): such a record waits for the next look, which finds it committed at once.
struct CommitLatencyTracker {
    /// One partition's delivered, not yet committed records, oldest first; `head` skips the taken ones.
    private struct Pending {
        var records: [(offset: Int64, createdAt: Int64)] = []
        var head = 0

        var count: Int { records.count - head }

        mutating func append(offset: Int64, createdAt: Int64) {
            let outOfOrder = records.last.map { $0.offset > offset } ?? false
            records.append((offset, createdAt))
            // librdkafka reports one partition's records in order; sort rather than trust it blindly.
            if outOfOrder { records[head...].sort { $0.offset < $1.offset } }
        }

        mutating func take(below nextOffset: Int64, now: Int64) -> [Int64] {
            var latencies: [Int64] = []
            while head < records.count, records[head].offset < nextOffset {
                latencies.append(now - records[head].createdAt)
                head += 1
            }
            if head > 4096, head * 2 > records.count {
                records.removeFirst(head)
                head = 0
            }
            return latencies
        }
    }

    private var pending: [Int32: Pending] = [:]
    private(set) var deliveredCount = 0

    mutating func delivered(_ entries: [DeliveryLog.Entry]) {
        for entry in entries {
            // Mutated in place through the subscript, so the partition's array is never copied.
            pending[entry.partition, default: Pending()].append(
                offset: entry.offset, createdAt: entry.createdAtMilliseconds)
        }
        deliveredCount += entries.count
    }

    /// Takes the records of `partition` below `nextOffset` (committed as of `now`, milliseconds since
    /// the epoch) and returns their latencies in milliseconds.
    mutating func committed(partition: Int32, nextOffset: Int64, now: Int64) -> [Int64] {
        pending[partition]?.take(below: nextOffset, now: now) ?? []
    }

    /// Delivered records not yet seen committed.
    var pendingCount: Int { pending.values.reduce(0) { $0 + $1.count } }
}
