/// One consumed message after decoding: the event, or why it is a dead letter.
package struct LoadRecord: Sendable {
    package var position: SourcePosition
    package var payload: [UInt8]
    package var outcome: Result<OrderEvent, EventRejection>
    /// The message's Kafka timestamp (milliseconds since the epoch), for produce-to-commit latency.
    package var producedAtMilliseconds: Int64?

    package init(
        position: SourcePosition, payload: [UInt8], outcome: Result<OrderEvent, EventRejection>,
        producedAtMilliseconds: Int64? = nil
    ) {
        self.position = position
        self.payload = payload
        self.outcome = outcome
        self.producedAtMilliseconds = producedAtMilliseconds
    }
}
