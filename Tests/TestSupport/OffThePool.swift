import Dispatch

/// Runs blocking work (a child process, a semaphore wait, a polling loop) on a thread of its own and
/// awaits it, so a long test never holds one of Swift's few cooperative threads: with two cores there
/// are two, and every other test's time limit keeps running while they are held.
package func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(with: Result { try work() })
        }
    }
}
