/// Which dead letters a `dead-letters` command reads; every condition given must hold.
package struct DeadLetterFilter: Sendable, Hashable {
    /// Error codes (any of them); empty for all.
    package var codes: [String] = []
    /// Rejected at or after this time.
    package var since: Timestamp?
    package var topic: String?
    package var partition: Int32?
    package var offset: Int64?

    package init(
        codes: [String] = [], since: Timestamp? = nil, topic: String? = nil, partition: Int32? = nil,
        offset: Int64? = nil
    ) {
        self.codes = codes
        self.since = since
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }
}
