/// A message that will not become a fact, with the reason, bound for STARSINK_REJECTED and the DLQ topic.
package struct DeadLetter: Sendable, Hashable {
    package var position: SourcePosition
    package var rejection: EventRejection
    package var payload: [UInt8]

    package init(position: SourcePosition, rejection: EventRejection, payload: [UInt8]) {
        self.position = position
        self.rejection = rejection
        self.payload = payload
    }

    /// The payload as stored: UTF-8 text when it is valid UTF-8 without NUL (which SQL text
    /// columns refuse), else base64; the second value names the encoding.
    package var storedPayload: (text: String, encoding: String) {
        if !payload.contains(0), let text = String(validating: payload, as: UTF8.self) {
            return (text, "utf8")
        }
        return (Base64.encode(payload), "base64")
    }
}
