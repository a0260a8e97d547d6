import Dispatch
import Foundation
import Synchronization

/// Reads one pipe of a child process to end-of-file on a thread of its own, keeping every byte and
/// the complete lines seen so far.
///
/// A blocking `read(2)` loop rather than `FileHandle.readabilityHandler`: on Linux that handler reads
/// 8 KiB per call and is often not called again once the child has exited, so whatever the pipe
/// still held (up to its 64 KiB) was lost and end-of-file never came (swift-corelibs-foundation#3275;
/// 20 of 20 runs of a 2.8 MB output lost 47–55 KB). Bytes are decoded only as whole lines or as a
/// whole output, so a character split between two reads is never garbled.
package final class PipeReader: Sendable {
    private struct State {
        var bytes: [UInt8] = []
        var lines: [String] = []
        /// Where the line being read starts in `bytes`.
        var lineStart = 0

        /// Ends the current line before `bytes[end]` (a line break, or the end of the output).
        /// Empty lines are dropped, as are the `\r` of `\r\n`: tests look for lines with content.
        mutating func endLine(at end: Int) {
            if end > lineStart { lines.append(String(decoding: bytes[lineStart..<end], as: UTF8.self)) }
            lineStart = end + 1
        }
    }

    /// The handle is kept so that its descriptor stays open (and is not reused) while the thread reads it.
    private let handle: FileHandle
    private let state = Mutex(State())
    /// Entered before the thread starts and left at end-of-file, so waiting on it waits for the end.
    private let reading = DispatchGroup()

    package init(_ handle: FileHandle) {
        self.handle = handle
        reading.enter()
        Thread { [self] in
            readToEnd()
            reading.leave()
        }.start()
    }

    /// The complete lines so far (split at `\n` or `\r`), and the last one once end-of-file is reached.
    package var lines: [String] { state.withLock { $0.lines } }

    /// Everything read so far, decoded as UTF-8 in one piece.
    package var text: String { state.withLock { String(decoding: $0.bytes, as: UTF8.self) } }

    /// Waits until the writers have closed the pipe and all of it has been read; false at the deadline.
    package func waitForEnd(until deadline: ContinuousClock.Instant) -> Bool {
        let remaining = max(.zero, deadline - .now)
        return reading.wait(timeout: .now() + .nanoseconds(Int(remaining / .nanoseconds(1)))) == .success
    }

    private func readToEnd() {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(handle.fileDescriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }  // 0 is end-of-file; any other error ends the output too
            state.withLock { state in
                let scanFrom = state.bytes.count
                state.bytes.append(contentsOf: chunk[..<count])
                for index in scanFrom..<state.bytes.count where state.bytes[index] == 0x0A || state.bytes[index] == 0x0D
                {
                    state.endLine(at: index)
                }
            }
        }
        state.withLock { $0.endLine(at: $0.bytes.count) }
    }
}
