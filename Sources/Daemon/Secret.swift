/// A value read from a secret file. It prints as `<redacted>` however it is interpolated, dumped or
/// reflected, so it cannot reach a log line, an error message or test output by accident; only `value`
/// (handed to librdkafka) reveals it.
package struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    package let value: String

    package init(_ value: String) { self.value = value }

    package var description: String { "<redacted>" }
    package var debugDescription: String { "<redacted>" }
    package var customMirror: Mirror { Mirror(self, children: []) }
}
