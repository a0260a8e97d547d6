import Foundation
import Testing
import TestSupport

extension DaemonServiceSuites {
    /// A worker stuck inside a warehouse call, made for real: the PostgreSQL backends serving the daemon are
    /// SIGSTOPped while it idles, then orders arrive, so each worker blocks in its first statement (a stopped
    /// backend never answers, and the query-timeout cancel it would get is held until SIGCONT).
    @Suite(.serialized) struct StuckWorkerTests {
        /// Pings stop while a worker is stuck (and the daemon says which); SIGTERM then drains: STOPPING=1,
        /// EXTEND_TIMEOUT_USEC while the batch hangs, a second SIGTERM changes nothing, and once the backend
        /// runs again the batch commits and the daemon exits 0. A restart loads the rest, exactly once.
        @Test(.timeLimit(.minutes(4)))
        func stuckWorkerWithholdsPingsAndTheDrainWaitsForIt() async throws {
            let fixture = try PipelineFixture(dialect: .postgresql)
            let server = try PostgresServer.shared()
            let database = try #require(PostgresServer.databaseName(in: fixture.warehouseConnection))
            let scratch = try ScratchDirectory(prefix: "starsink-stuck-")
            let config = try DaemonConfiguration(fixture: fixture, passwordFile: scratch.path + "/password")
            let configPath = scratch.path + "/starsink.yaml"
            try config.write(to: configPath)
            let listener = try NotifyListener()
            let daemon = try ChildProcess(
                ["run", "--config", configPath],
                environment: [
                    "NOTIFY_SOCKET": listener.path, "WATCHDOG_USEC": "2000000",
                ])
            try #require(
                await listener.waitFor("READY", "1", timeout: .seconds(60)) != nil,
                "no READY: \(daemon.stderr.suffix(10))")

            // Both workers hold their connection once their partitions are assigned (they read offsets then).
            func backends() throws -> [pid_t] {
                try server.psql(
                    database: database,
                    """
                    SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
                    AND backend_type = 'client backend'
                    """
                ).split(separator: "\n").compactMap { pid_t($0) }
            }
            var stopped: [pid_t] = []
            let connected = try await eventually(timeout: .seconds(60), every: .milliseconds(200)) {
                stopped = try backends()
                return stopped.count == 2 && daemon.stderr.filter { $0.hasSuffix("] partitions assigned") }.count >= 2
            }
            try #require(connected, "workers did not connect: \(stopped); \(daemon.stderr.suffix(10))")
            let pingsBefore = listener.notifications.filter { $0.fields["WATCHDOG"] == "1" }.count
            #expect(pingsBefore > 0, "no watchdog pings while healthy")

            for pid in stopped { kill(pid, SIGSTOP) }
            defer { for pid in stopped { kill(pid, SIGCONT) } }
            let first = orders(count: 2000, seed: 61)
            try fixture.produce(first)

            var stallLine: String?
            _ = try await eventually(timeout: .seconds(30)) {
                stallLine = daemon.stderr.first { $0.contains("workers stalled; withholding the watchdog ping") }
                return stallLine != nil
            }
            let stalledAt = try #require(
                stallLine.flatMap(logTimestamp), "no stall reported: \(daemon.stderr.suffix(10))")
            // Watch for 1.5 watchdog intervals: not a single ping may come while the worker is stuck.
            try await Task.sleep(for: .seconds(3))
            let pingsWhileStuck = listener.notifications.filter {
                $0.fields["WATCHDOG"] == "1" && $0.receivedAt > stalledAt
            }
            #expect(pingsWhileStuck.isEmpty, "\(pingsWhileStuck.count) pings while a worker was stuck")

            let beforeStop = listener.notifications.count
            daemon.signal(SIGTERM)
            let stopping = await listener.waitFor("STOPPING", "1", timeout: .seconds(10), after: beforeStop)
            #expect(stopping != nil)
            let extended = await listener.waitFor("EXTEND_TIMEOUT_USEC", timeout: .seconds(10), after: beforeStop)
            #expect(
                extended.flatMap { UInt64($0.notification.fields["EXTEND_TIMEOUT_USEC"] ?? "") }.map { $0 > 0 } == true)
            daemon.signal(SIGTERM)
            #expect(try await daemon.exit(within: .seconds(2)) == nil, "the drain did not wait for the stuck batch")

            for pid in stopped { kill(pid, SIGCONT) }
            #expect(try await daemon.exit(within: .seconds(60)) == 0, "stderr: \(daemon.stderr.suffix(10))")
            #expect(!daemon.stderr.contains { $0.contains("not committed") }, "the batch in flight was abandoned")
            #expect(daemon.stderr.filter { $0.contains("stopping: finishing the batch in flight") }.count == 1)

            // Whatever the drain committed, a second run loads the rest: nothing lost, nothing twice.
            let second = orders(count: 1000, seed: 62)
            try fixture.produce(second)
            let expected = ExpectedLoad([first, second])
            let rerun = try ChildProcess(["run", "--config", configPath])
            #expect(try await fixture.loaded(expected.messages, within: .seconds(120), daemon: rerun))
            rerun.signal(SIGTERM)
            #expect(try await rerun.exit(within: .seconds(30)) == 0)
            #expect(try fixture.verify(expected) == [])
        }
    }
}
