/// Where a message came from: the lineage stored with facts and dead letters.
package struct SourcePosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    package var topic: String
    package var partition: Int32
    package var offset: Int64

    package init(topic: String, partition: Int32, offset: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }

    package static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.topic, lhs.partition, lhs.offset) < (rhs.topic, rhs.partition, rhs.offset)
    }

    /// `orders/3@1200`
    package var description: String { "\(topic)/\(partition)@\(offset)" }
}
