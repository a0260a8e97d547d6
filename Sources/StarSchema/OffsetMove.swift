/// Where one partition's stored offset moves in a batch: from `expected` (nil when the partition
/// has no row yet) to `next`.
package struct OffsetMove: Sendable, Hashable {
    package var topic: String
    package var partition: Int32
    package var expected: Int64?
    package var next: Int64

    package init(topic: String, partition: Int32, expected: Int64?, next: Int64) {
        self.topic = topic
        self.partition = partition
        self.expected = expected
        self.next = next
    }
}
