/// Edits one field of a compact JSON object as written by `OrderJSON`, to make invalid variants.
///
/// A key is recognised only as `"key":` right after `{` or `,`: inside a string value every
/// quote is escaped, so a customer named `"price":` cannot be mistaken for the field.
struct JSONSurgery {
    private(set) var bytes: [UInt8]

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// Where the field starts (at its opening quote) and where its value lies.
    private func locate(_ key: String) -> (fieldStart: Int, value: Range<Int>)? {
        let needle = Array("\"\(key)\":".utf8)
        var index = 1
        while index + needle.count <= bytes.count {
            let before = bytes[index - 1]
            if (before == UInt8(ascii: "{") || before == UInt8(ascii: ",")),
                bytes[index..<index + needle.count].elementsEqual(needle)
            {
                let valueStart = index + needle.count
                return (index, valueStart..<valueEnd(from: valueStart))
            }
            index += 1
        }
        return nil
    }

    /// The end of the scalar value starting at `start`: past the closing quote of a string,
    /// or at the `,` / `}` after a number.
    private func valueEnd(from start: Int) -> Int {
        var index = start
        if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
            index += 1
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
            }
            return min(index + 1, bytes.count)
        }
        while index < bytes.count, bytes[index] != UInt8(ascii: ","), bytes[index] != UInt8(ascii: "}") {
            index += 1
        }
        return index
    }

    mutating func replaceValue(of key: String, with value: [UInt8]) {
        guard let field = locate(key) else { return }
        bytes.replaceSubrange(field.value, with: value)
    }

    /// Removes the field together with the comma that separated it from its neighbour.
    mutating func removeField(_ key: String) {
        guard let field = locate(key) else { return }
        if bytes[field.fieldStart - 1] == UInt8(ascii: ",") {
            bytes.removeSubrange(field.fieldStart - 1..<field.value.upperBound)
        } else {
            let end = field.value.upperBound
            let hasComma = end < bytes.count && bytes[end] == UInt8(ascii: ",")
            bytes.removeSubrange(field.fieldStart..<(hasComma ? end + 1 : end))
        }
    }

    /// Cuts the document just before the field `key`, leaving an unterminated object.
    mutating func truncate(beforeKey key: String) {
        guard let field = locate(key) else { return }
        bytes.removeSubrange(field.fieldStart...)
    }
}
