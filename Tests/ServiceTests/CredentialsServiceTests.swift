import Foundation
import Testing
import TestSupport

extension SystemdContainer {
    /// A container with `scratch` bound read-only at /etc/starsink and the built binary at /usr/bin/starsink,
    /// running `deploy/starsink.service` unchanged but for a drop-in that shortens the watchdog and the
    /// restart delay (so tests wait seconds, not minutes). Cancels the test where nspawn cannot boot.
    static func withStarsinkUnit(_ scratch: ScratchDirectory) throws -> SystemdContainer {
        try FileManager.default.copyItem(
            atPath: repositoryRoot + "/deploy/starsink.service", toPath: scratch.path + "/starsink.service")
        try "[Service]\nWatchdogSec=6s\nRestartSec=1s\n".write(
            toFile: scratch.path + "/test.conf", atomically: true, encoding: .utf8)
        let binary = URL(fileURLWithPath: try StarsinkBinary.checkedPath()).resolvingSymlinksInPath().path
        let container: SystemdContainer
        do {
            container = try SystemdContainer(
                name: "starsink-test-\(getpid())",
                binds: [(scratch.path, "/etc/starsink"), (binary, "/usr/bin/starsink")])
        } catch let failure as SystemdContainer.BootFailure {
            try Test.cancel("skipped: systemd-nspawn cannot boot a container here: \(failure.description.prefix(400))")
        }
        try container.check([
            "install", "-D", "-m", "0644", "/etc/starsink/starsink.service", "/etc/systemd/system/starsink.service",
        ])
        try container.check([
            "install", "-D", "-m", "0644", "/etc/starsink/test.conf",
            "/etc/systemd/system/starsink.service.d/test.conf",
        ])
        try container.check(["systemctl", "daemon-reload"])
        return container
    }
}

extension DaemonServiceSuites {
    /// The unit with no secret at all: an empty credentials directory (as `make install` leaves it) and an
    /// SQLite warehouse in the unit's StateDirectory. The unit used to fail with status 243/CREDENTIALS
    /// unless a password file existed, even for SQLite. The same daemon runs as static members named after
    /// the host (`${HOSTNAME}` under the unit's ProtectHostname=) and, once fenced, is not restarted.
    @Suite(.serialized) struct CredentialsServiceTests {
        @Test(.timeLimit(.minutes(3)))
        func sqliteStartsWithAnEmptyCredentialsDirectoryAndAFencedDaemonStaysDown() async throws {
            if let reason = SystemdContainer.unavailableReason { try Test.cancel("skipped: \(reason)") }
            let fixture = try PipelineFixture(dialect: .sqlite, partitions: 4)
            let scratch = try ScratchDirectory(prefix: "starsink-sqlite-unit-", mode: 0o755)
            _ = try SystemdServiceTests.credentialsDirectory(in: scratch)
            try """
            kafka:
              brokers: "\(fixture.brokers)"
              group_id: starsink-sqlite-unit
              instance_id: "${HOSTNAME}"
              properties: {topic.metadata.refresh.interval.ms: "1000"}
            warehouse:
              dialect: sqlite
              connection: "Driver=SQLite3;Database=/var/lib/starsink/warehouse.db;JournalMode=WAL;SyncPragma=NORMAL;Timeout=60000"
            pipeline: {workers: 2, batch_max_wait_ms: 100}

            """.write(toFile: scratch.path + "/starsink.yaml", atomically: true, encoding: .utf8)
            chmod(scratch.path + "/starsink.yaml", 0o644)
            let production = orders(count: 3000, seed: 81)
            try fixture.produce(production)

            let container = try SystemdContainer.withStarsinkUnit(scratch)
            defer { container.stop() }
            let start = try container.run(["systemctl", "start", SystemdServiceTests.unit])
            let state = try container.properties(
                SystemdServiceTests.unit, ["ActiveState", "SubState", "Result", "ExecMainStatus", "StatusText"])
            let recent = try container.journal(SystemdServiceTests.unit).suffix(8).map { $0["MESSAGE"] ?? "" }
            try #require(start.status == 0 && state["ActiveState"] == "active", "\(start.stderr) \(state) \(recent)")
            #expect(state["StatusText"]?.contains("2 workers") == true, "\(state)")

            let expected = ExpectedLoad(production).messages
            var stored = ""
            let loaded = try await eventually(timeout: .seconds(90), every: .milliseconds(500)) {
                stored = try container.run([
                    "sqlite3", "/var/lib/starsink/warehouse.db",
                    "SELECT COALESCE(SUM(next_offset), 0) FROM starsink_offsets",
                ])
                .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                return stored == "\(expected)"
            }
            #expect(loaded, "stored offsets \(stored), expected \(expected)")
            let hostName = try container.check(["hostname"]).trimmingCharacters(in: .whitespacesAndNewlines)
            let members = try container.journal(SystemdServiceTests.unit).filter { $0["MESSAGE"] == "subscribed" }
                .compactMap { $0["KAFKA_INSTANCE_ID"] }
            #expect(members.sorted() == ["\(hostName)-1", "\(hostName)-2"], "\(members)")

            // Fenced (the broker's FENCED_INSTANCE_ID reply to a heartbeat): exit 2, and systemd does not
            // restart it — "failed" rather than "activating (auto-restart)".
            fixture.kafka.send("errors 12 82")
            var last: [String: String] = [:]
            let down = try await eventually(timeout: .seconds(30), every: .milliseconds(300)) {
                last = try container.properties(
                    SystemdServiceTests.unit, ["ActiveState", "Result", "ExecMainStatus", "NRestarts"])
                return last["ActiveState"] == "failed"
            }
            #expect(down && last["ExecMainStatus"] == "2" && last["NRestarts"] == "0", "\(last)")
            let fenced = try container.journal(SystemdServiceTests.unit).first {
                $0["MESSAGE"]?.hasPrefix("Kafka consumer fenced") == true
            }
            #expect(
                fenced?["PRIORITY"] == "3" && fenced?["KAFKA_INSTANCE_ID"]?.hasPrefix("\(hostName)-") == true
                    && fenced?["ERROR_CODE"] == "FENCED_INSTANCE_ID", "\(fenced ?? [:])")
        }
    }
}
