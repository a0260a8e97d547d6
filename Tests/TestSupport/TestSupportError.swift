/// A failure of the test harness itself (a helper process, a port, a directory).
package struct TestSupportError: Error, CustomStringConvertible {
    package var message: String

    package init(_ message: String) { self.message = message }

    package var description: String { message }
}
