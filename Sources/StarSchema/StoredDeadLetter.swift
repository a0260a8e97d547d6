/// One row of STARSINK_REJECTED as read back: what `dead-letters list|show` print and `replay`
/// re-submits. The payload is held as stored (UTF-8 text, or base64 of bytes that are not).
package struct StoredDeadLetter: Sendable, Hashable {
    package var position: SourcePosition
    package var rejectedAt: Timestamp
    /// The stored code as text: an older or newer starsink may have written one this build lacks.
    package var code: String
    package var detail: String
    package var payloadEncoding: String
    /// The stored payload column; nil when the row was read without it (`list`).
    package var storedPayload: String?

    package init(
        position: SourcePosition, rejectedAt: Timestamp, code: String, detail: String,
        payloadEncoding: String, storedPayload: String?
    ) {
        self.position = position
        self.rejectedAt = rejectedAt
        self.code = code
        self.detail = detail
        self.payloadEncoding = payloadEncoding
        self.storedPayload = storedPayload
    }

    /// The message's original bytes, or nil when the stored text is not what its encoding says.
    package var payload: [UInt8]? {
        guard let storedPayload else { return nil }
        switch payloadEncoding {
        case "utf8": return Array(storedPayload.utf8)
        case "base64": return Base64.decode(storedPayload)
        default: return nil
        }
    }

    /// The daemon keeps a dead letter without its payload when the warehouse refused even that
    /// (`LoadWorker.isolateRejectedRecords`): there is nothing to re-submit.
    package var payloadWasOmitted: Bool {
        storedPayload == "" && code == RejectionCode.warehouseRejected.rawValue
            && detail.hasSuffix(Self.omittedPayloadNote)
    }

    /// Appended to the detail of a dead letter stored without its payload.
    package static let omittedPayloadNote = " (payload omitted: the warehouse refused it as well)"

    /// The payload through the daemon's own decoder, as if it had just been consumed.
    package func record(payload: [UInt8]) -> LoadRecord {
        LoadRecord(position: position, payload: payload, outcome: OrderEventDecoder.decode(payload))
    }

    /// Whether `rejection` is the reason already stored (detail compared as stored: at most 2000 characters).
    package func hasReason(_ rejection: EventRejection) -> Bool {
        code == rejection.code.rawValue && detail == String(rejection.detail.prefix(2000))
    }
}

extension StoredDeadLetter {
    /// Bytes made printable without losing any: valid UTF-8 as text, each byte that is not part of a
    /// valid sequence (and NUL) as `\xHH`, a backslash as `\\`, so the escapes cannot be confused with text.
    package static func escaped(_ bytes: [UInt8]) -> String {
        var out = ""
        bytes.withUnsafeBytes { raw in
            var start = 0
            while start < raw.count {
                let rest = UnsafeRawBufferPointer(rebasing: raw[start...])
                let invalid = UTF8Validation.firstInvalidOffset(in: rest) ?? rest.count
                for scalar in String(decoding: rest[..<invalid], as: UTF8.self).unicodeScalars {
                    switch scalar {
                    case "\\": out += "\\\\"
                    case "\0": out += "\\x00"
                    default: out.unicodeScalars.append(scalar)
                    }
                }
                guard invalid < rest.count else { break }
                out += "\\x" + JSONEscapes.hex(UInt32(rest[invalid]), digits: 2)
                start += invalid + 1
            }
        }
        return out
    }
}
