import Foundation

/// Creates a new private (mode 0700) directory under the system temporary directory.
package func makeTemporaryDirectory(prefix: String) throws -> String {
    let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    var template = Array("\(base)/\(prefix)XXXXXX".utf8CString)
    let created = template.withUnsafeMutableBufferPointer { buffer -> String? in
        guard let base = buffer.baseAddress, mkdtemp(base) != nil else { return nil }
        return String(cString: base)
    }
    guard let created else {
        throw TestSupportError("mkdtemp(\(base)/\(prefix)XXXXXX) failed: errno \(errno)")
    }
    return created
}
