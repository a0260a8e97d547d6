/// A SQL identifier from configuration (a schema name), checked before it reaches SQL text.
///
/// Only `[A-Za-z_][A-Za-z0-9_]{0,62}` passes: no quoting is ever needed, and nothing from a
/// config file can change the shape of a statement.
package struct SQLIdentifier: Sendable, Hashable, CustomStringConvertible {
    package let text: String

    package init?(_ text: String) {
        guard Self.isValid(text) else { return nil }
        self.text = text
    }

    package static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, bytes.count <= 63 else { return false }
        func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") }
        func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        guard isLetter(first) || first == UInt8(ascii: "_") else { return false }
        return bytes.allSatisfy { isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "_") }
    }

    package var description: String { text }
}
