import Dispatch

/// Like `offThePool`, but the work stays inside the calling test's task: an `#expect` or `Issue.record` in
/// it is reported against that test. (Work sent to a bare `DispatchQueue.async` loses the test's task-local
/// context, so its issues surface as «unknown» and the test itself shows as passed.)
///
/// The body runs synchronously on a Dispatch queue of its own, through a task executor preference, so it
/// never holds one of Swift's cooperative threads while it blocks.
package func offThePoolInTest<T: Sendable>(_ body: @Sendable () throws -> T) async throws -> T {
    try await withTaskExecutorPreference(OwnQueueExecutor()) {
        try body()
    }
}

/// A task executor that runs every job on one serial Dispatch queue.
private final class OwnQueueExecutor: TaskExecutor {
    private let queue = DispatchQueue(label: "starsink-tests.off-the-pool")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
