import StarSchema

/// One Kafka message as the simulator would send it: key and payload bytes, plus what they mean
/// so that tests can compare the warehouse with what was sent.
package struct SimulatedMessage: Sendable, Hashable {
    /// The customer_id as UTF-8, or nil for an unkeyed message.
    package var key: [UInt8]?
    /// The JSON document (UTF-8), or deliberately broken bytes for an invalid message.
    package var payload: [UInt8]
    /// The valid order the payload encodes; nil for a deliberately invalid message.
    package var event: OrderEvent?
    /// The invalid class (`InvalidMessageClass.rawValue`) when the message is deliberately invalid.
    package var invalidReason: String?

    package init(key: [UInt8]?, payload: [UInt8], event: OrderEvent?, invalidReason: String? = nil) {
        self.key = key
        self.payload = payload
        self.event = event
        self.invalidReason = invalidReason
    }
}
