import Kafka
import StarSchema

/// What `starsink offsets reset` will change: per partition, the offset the warehouse holds now and the
/// one it will hold. Partitions already at their target are listed but not written.
package struct OffsetResetPlan: Sendable, Equatable {
    package struct Change: Sendable, Equatable {
        package var partition: Int32
        package var from: Int64?
        package var to: Int64
        /// Why the target is not simply what was asked (an offset outside the log, a time found by reading).
        package var note: String?

        package var movesOffset: Bool { from != to }
    }

    package var topic: String
    package var changes: [Change]

    package var moves: [OffsetMove] {
        changes.filter(\.movesOffset).map {
            OffsetMove(topic: topic, partition: $0.partition, expected: $0.from, next: $0.to)
        }
    }

    /// One line per partition, for the operator to read before confirming: `partition 3: 1200 -> 0`.
    package var lines: [String] {
        changes.map { change in
            let from = change.from.map(String.init) ?? "none"
            var status = change.movesOffset ? "" : " (unchanged)"
            if let old = change.from, old > change.to { status = " (replays \(old - change.to) records)" }
            if let old = change.from, old < change.to { status = " (skips \(change.to - old) records, never loaded)" }
            return
                "partition \(change.partition): \(from) -> \(change.to)\(status)\(change.note.map { " (\($0))" } ?? "")"
        }
    }

    /// The plan for `target` on `partitions` (already narrowed to the ones asked for). `timeAnswer` resolves
    /// a time to an offset for one partition (the broker, checked by `OffsetTimeLookup`).
    package static func make(
        topic: String, target: OffsetTarget, partitions: [PartitionOffsets],
        timeAnswer: (PartitionOffsets, Timestamp) throws -> OffsetTimeLookup.Answer
    ) rethrows -> OffsetResetPlan {
        var changes: [Change] = []
        for row in partitions {
            var change = Change(partition: row.partition, from: row.warehouseOffset, to: row.logEnd)
            switch target {
            case .earliest:
                change.to = row.logStart
            case .latest:
                change.to = row.logEnd
            case .offset(let offset):
                change.to = min(max(offset, row.logStart), row.logEnd)
                if offset < row.logStart { change.note = "\(offset) is before the log start" }
                if offset > row.logEnd { change.note = "\(offset) is past the log end" }
            case .time(let time):
                let answer = try timeAnswer(row, time)
                change.to = answer.offset
                if answer.foundByReading {
                    change.note = "found by reading records: the broker does not look offsets up by time"
                }
            }
            changes.append(change)
        }
        return OffsetResetPlan(topic: topic, changes: changes)
    }
}
