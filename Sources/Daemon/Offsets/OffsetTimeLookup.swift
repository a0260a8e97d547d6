/// Finds a partition's first offset whose record was produced at or after a time: the broker's answer
/// (Kafka's ListOffsets by time), checked against the log where it says "none".
///
/// librdkafka 2.0.2's mock cluster (`starsink dev-kafka`) does not look up by time: it answers "no record
/// that recent" for every time. A real broker says so only when the newest record is older, so the newest
/// record's timestamp tells the two apart; when they disagree the offset is found by reading records
/// (a binary search). Both assume, like Kafka's time index, that timestamps grow along the partition.
package enum OffsetTimeLookup {
    /// The first record at or after an offset: its offset and timestamp in milliseconds, nil if none.
    package typealias RecordReader = (Int64) throws -> (offset: Int64, milliseconds: Int64)?

    package struct Answer: Sendable, Equatable {
        package var offset: Int64
        /// The broker's answer contradicted the log, so the offset was found by reading records.
        package var foundByReading: Bool

        package init(offset: Int64, foundByReading: Bool) {
            self.offset = offset
            self.foundByReading = foundByReading
        }
    }

    /// - Parameters:
    ///   - brokerAnswer: the broker's offset, nil for "no record at or after the time".
    ///   - start, end: the partition's log start and log end.
    package static func resolve(
        milliseconds: Int64, brokerAnswer: Int64?, start: Int64, end: Int64,
        read: RecordReader
    ) throws -> Answer {
        if let brokerAnswer { return Answer(offset: min(max(brokerAnswer, start), end), foundByReading: false) }
        guard start < end, let newest = try read(end - 1), newest.milliseconds >= milliseconds else {
            return Answer(offset: end, foundByReading: false)
        }
        var low = start
        var high = newest.offset
        while low < high {
            let middle = low + (high - low) / 2
            guard let record = try read(middle) else { throw UnreadableRecord(offset: middle) }
            if record.milliseconds >= milliseconds {
                high = middle
            } else {
                low = record.offset + 1
            }
        }
        return Answer(offset: low, foundByReading: true)
    }

    /// A record the search needed did not arrive within the timeout.
    package struct UnreadableRecord: Error, CustomStringConvertible {
        package var offset: Int64
        package var description: String {
            "no record at or after offset \(offset) arrived in time to look up its timestamp"
        }
    }
}
