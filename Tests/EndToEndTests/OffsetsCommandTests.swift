import Foundation
import Simulator
import StarSchema
import Testing
import TestSupport

/// `starsink offsets show|reset` as an operator runs them: against `starsink dev-kafka`, after and while
/// `starsink run` loads, on SQLite and PostgreSQL warehouses.
@Suite(.serialized) struct OffsetsCommandTests {
    struct Row: Equatable {
        var partition: Int
        var warehouseOffset: Int?
        var logStart: Int
        var logEnd: Int
        var lag: Int
    }

    func simulator(count: Int, seed: UInt64) -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration(seed: seed, count: count)
        configuration.invalidRate = 0.02
        configuration.duplicateRate = 0.01
        return configuration
    }

    func show(_ fixture: PipelineFixture) throws -> [Row] {
        let result = try ChildProcess.run(["offsets", "show", "--config", fixture.configPath, "--format", "json"])
        guard result.status == 0 else { throw TestFailure("offsets show exited \(result.status): \(result.stderr)") }
        guard let objects = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] else {
            throw TestFailure("offsets show printed no JSON array: \(result.stdout)")
        }
        return objects.map { object in
            Row(
                partition: object["partition"] as? Int ?? -1, warehouseOffset: object["warehouse_offset"] as? Int,
                logStart: object["log_start"] as? Int ?? -1, logEnd: object["log_end"] as? Int ?? -1,
                lag: object["lag"] as? Int ?? -1)
        }
    }

    /// STARSINK_OFFSETS as SQL sees it, by partition.
    func storedOffsets(_ fixture: PipelineFixture) throws -> [Int: Int] {
        var offsets: [Int: Int] = [:]
        for row in try fixture.connect().query(
            "SELECT kafka_partition, next_offset FROM \(fixture.table("starsink_offsets"))")
        {
            if let partition = row[0].flatMap({ Int($0) }), let next = row[1].flatMap({ Int($0) }) {
                offsets[partition] = next
            }
        }
        return offsets
    }

    func count(_ fixture: PipelineFixture, _ table: String) throws -> Int {
        Int((try fixture.connect().query("SELECT COUNT(*) FROM \(fixture.table(table))").first?.first ?? nil) ?? "")
            ?? -1
    }

    /// Loads everything with one daemon run and stops it.
    func load(_ fixture: PipelineFixture, _ expected: ExpectedLoad) throws {
        let daemon = try fixture.startDaemon()
        let loaded = try fixture.waitUntilLoaded(expected.messages, timeout: .seconds(120), daemon: daemon)
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit(timeout: .seconds(60)) == 0)
        guard loaded else { throw TestFailure("not loaded: \(daemon.stderr.suffix(20))") }
    }

    @Test(.timeLimit(.minutes(5)), arguments: [WarehouseDialect.sqlite, .postgresql])
    func showThenResetToEarliestReplaysExactlyOnce(dialect: WarehouseDialect) async throws {
        try await offThePoolInTest {
            let fixture = try PipelineFixture(dialect: dialect, partitions: 3)
            let orders = simulator(count: 3000, seed: 31)
            try fixture.produce(orders)
            let expected = ExpectedLoad(orders)
            try load(fixture, expected)
            #expect(try fixture.verify(expected) == [])

            let stored = try storedOffsets(fixture)
            let rows = try show(fixture)
            #expect(rows.map(\.partition) == [0, 1, 2])
            #expect(rows.reduce(0) { $0 + $1.logEnd } == expected.messages, "log ends add up to what was produced")
            for row in rows {
                #expect(
                    row.warehouseOffset == stored[row.partition], "partition \(row.partition): the warehouse's offset")
                #expect(row.warehouseOffset == row.logEnd && row.logStart == 0 && row.lag == 0, "\(row)")
            }
            let csv = try ChildProcess.run(["offsets", "show", "--config", fixture.configPath, "--format", "csv"])
            #expect(csv.status == 0)
            #expect(
                csv.stdout.split(separator: "\n").map(String.init)
                    == ["partition,warehouse_offset,log_start,log_end,lag"]
                    + rows.map { "\($0.partition),\($0.logEnd),0,\($0.logEnd),0" })
            let table = try ChildProcess.run(["offsets", "show", "--config", fixture.configPath])
            #expect(table.status == 0)
            #expect(
                table.stdout.contains("PARTITION") && table.stdout.contains("WAREHOUSE_OFFSET")
                    && table.stdout.contains("total lag 0"))

            let facts = try count(fixture, "fact_orders")
            let rejected = try count(fixture, "starsink_rejected")
            #expect(rejected == expected.rejected && rejected > 0, "the replay covers dead letters too")
            let reset = try ChildProcess.run([
                "offsets", "reset", "--config", fixture.configPath, "--to", "earliest", "--yes",
            ])
            #expect(reset.status == 0, "\(reset.stderr)")
            for row in rows {
                #expect(reset.stdout.contains("partition \(row.partition): \(row.logEnd) -> 0"), "\(reset.stdout)")
            }
            #expect(reset.stderr.contains("offset reset"), "the change is logged")
            let afterReset = try show(fixture)
            #expect(afterReset.map(\.warehouseOffset) == [0, 0, 0])
            #expect(afterReset.map(\.lag) == rows.map(\.logEnd))

            try load(fixture, expected)
            #expect(try count(fixture, "fact_orders") == facts, "facts stay exactly once")
            #expect(try count(fixture, "starsink_rejected") == rejected, "dead letters are not duplicated")
            #expect(try fixture.verify(expected) == [])
        }
    }

    /// One partition moved to an offset, another to a time: the others keep what they hold.
    @Test(.timeLimit(.minutes(5)), arguments: [WarehouseDialect.sqlite, .postgresql])
    func resetOnePartitionToAnOffsetAndToATime(dialect: WarehouseDialect) async throws {
        try await offThePoolInTest {
            let fixture = try PipelineFixture(dialect: dialect, partitions: 3)
            let before = simulator(count: 600, seed: 41)
            try fixture.produce(before)
            let apply = try ChildProcess.run(["schema", "apply", "--config", fixture.configPath])
            #expect(apply.status == 0, "\(apply.stderr)")
            let firstEnds = try show(fixture).map(\.logEnd)
            #expect(firstEnds.allSatisfy { $0 > 10 }, "\(firstEnds)")
            // Every record produced from here on has a timestamp at or after this instant.
            let boundary = Date()
            try fixture.produce(simulator(count: 600, seed: 42))
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]

            let toOffset = try ChildProcess.run([
                "offsets", "reset", "--config", fixture.configPath, "--to", "5", "--partition", "1", "--yes",
            ])
            #expect(toOffset.status == 0, "\(toOffset.stderr)")
            #expect(toOffset.stdout.contains("partition 1: none -> 5"), "\(toOffset.stdout)")
            let toTime = try ChildProcess.run([
                "offsets", "reset", "--config", fixture.configPath, "--to", formatter.string(from: boundary),
                "--partition", "2", "--yes",
            ])
            #expect(toTime.status == 0, "\(toTime.stderr)")
            #expect(toTime.stdout.contains("partition 2: none -> \(firstEnds[2])"), "\(toTime.stdout)")
            // dev-kafka (librdkafka 2.0.2's mock cluster) cannot look offsets up by time: starsink read the log.
            #expect(toTime.stdout.contains("found by reading records"), "\(toTime.stdout)")
            let rows = try show(fixture)
            #expect(rows.map(\.warehouseOffset) == [nil, 5, firstEnds[2]])
            #expect(try storedOffsets(fixture) == [1: 5, 2: firstEnds[2]])
            #expect(rows[0].lag == rows[0].logEnd && rows[1].lag == rows[1].logEnd - 5)

            let beyond = try ChildProcess.run([
                "offsets", "reset", "--config", fixture.configPath, "--to", "99999999", "--partition", "1", "--yes",
            ])
            #expect(beyond.status == 0, "\(beyond.stderr)")
            #expect(
                beyond.stdout.contains("partition 1: 5 -> \(rows[1].logEnd)")
                    && beyond.stdout.contains("past the log end"), "\(beyond.stdout)")
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func refusesBadInputNoTerminalAndARunningGroup() async throws {
        try await offThePoolInTest {
            let fixture = try PipelineFixture(dialect: .sqlite, partitions: 3)
            let orders = simulator(count: 1500, seed: 51)
            try fixture.produce(orders)
            try load(fixture, ExpectedLoad(orders))
            let loaded = try storedOffsets(fixture)

            for value in ["yesterday", "-5", "2026-11-31T00:00:00Z"] {
                let bad = try ChildProcess.run([
                    "offsets", "reset", "--config", fixture.configPath, "--to", value, "--yes",
                ])
                #expect(bad.status == 2)
                #expect(
                    bad.stderr.contains("--to must be earliest, latest, an offset")
                        && bad.stderr.contains("'\(value)'"), "\(bad.stderr)")
            }
            let badFormat = try ChildProcess.run(["offsets", "show", "--config", fixture.configPath, "--format", "xml"])
            #expect(badFormat.status == 2 && badFormat.stderr.contains("--format"))
            let unknown = try ChildProcess.run([
                "offsets", "reset", "--config", fixture.configPath, "--to", "earliest", "--partition", "7", "--yes",
            ])
            #expect(unknown.status == 2)
            #expect(unknown.stderr.contains("--partition 7: topic orders has partitions 0–2"), "\(unknown.stderr)")
            let notANumber = try ChildProcess.run([
                "offsets", "reset", "--config", fixture.configPath, "--to", "earliest", "--partition", "x", "--yes",
            ])
            #expect(
                notANumber.status == 2 && notANumber.stderr.contains("--partition must be a partition number"),
                "\(notANumber.stderr)")
            let noTarget = try ChildProcess.run(["offsets", "reset", "--config", fixture.configPath, "--yes"])
            #expect(noTarget.status == 2 && noTarget.stderr.contains("--to must be"), "\(noTarget.stderr)")

            // The test's stdin is a pipe, not a terminal: nobody could confirm.
            let unconfirmed = try ChildProcess.run([
                "offsets", "reset", "--config", fixture.configPath, "--to", "earliest",
            ])
            #expect(unconfirmed.status == 2)
            #expect(
                unconfirmed.stderr.contains("not a terminal") && unconfirmed.stderr.contains("--yes"),
                "\(unconfirmed.stderr)")
            #expect(unconfirmed.stdout.contains("partition 0:"), "the plan is still shown")
            #expect(try storedOffsets(fixture) == loaded, "nothing changed")

            // On a terminal (script(1) gives it one) the operator is asked: "n" changes nothing, "y" writes.
            for (answer, offsets) in [("n", loaded), ("y", loaded.mapValues { _ in 0 })] {
                let command = "\(ChildProcess.starsinkPath) offsets reset --config \(fixture.configPath) --to earliest"
                let asked = try ChildProcess(["-qec", command, "/dev/null"], executable: "/usr/bin/script")
                asked.send(answer)
                #expect(asked.waitForExit(timeout: .seconds(60)) == 0)
                #expect(asked.waitForLine(timeout: .seconds(5)) { $0.contains("[y/N]") } != nil, "\(asked.stdout)")
                #expect(try storedOffsets(fixture) == offsets, "after \(answer)")
            }
            let reloaded = try ChildProcess.run([
                "offsets", "reset", "--config", fixture.configPath, "--to", "latest", "--yes",
            ])
            #expect(reloaded.status == 0)
            #expect(try storedOffsets(fixture) == loaded, "back at the log end")

            // A daemon loading a steady stream: the reset must not race it.
            let daemon = try fixture.startDaemon()
            defer { daemon.terminate() }
            let producer = try ChildProcess([
                "produce", "--brokers", fixture.brokers, "--topic", "orders", "--count", "200000",
                "--rate", "500", "--seed", "52",
            ])
            defer { producer.terminate() }
            let loading = try waitUntil(timeout: .seconds(60), pollEvery: .milliseconds(200)) {
                try storedOffsets(fixture).values.reduce(0, +) > loaded.values.reduce(0, +)
            }
            #expect(loading, "the daemon loads: \(daemon.stderr.suffix(10))")
            let refused = try ChildProcess.run([
                "offsets", "reset", "--config", fixture.configPath, "--to", "earliest", "--yes",
            ])
            #expect(refused.status == 1)
            #expect(
                refused.stderr.contains("refused") && refused.stderr.contains("group starsink-e2e"), "\(refused.stderr)"
            )
            #expect(try storedOffsets(fixture).values.allSatisfy { $0 > 0 }, "no partition went back to the log start")
            producer.signal(SIGTERM)
            daemon.signal(SIGTERM)
            #expect(daemon.waitForExit(timeout: .seconds(60)) == 0)
        }
    }

    /// dev-kafka cannot describe groups, so an idle running daemon goes unseen (a warning says so). Its
    /// workers are then fenced at their next batch and continue from the reset: still exactly once.
    @Test(.timeLimit(.minutes(5)))
    func anUnseenIdleDaemonFollowsTheReset() async throws {
        try await offThePoolInTest {
            let fixture = try PipelineFixture(dialect: .sqlite, partitions: 3)
            let first = simulator(count: 1500, seed: 61)
            try fixture.produce(first)
            let daemon = try fixture.startDaemon()
            defer { daemon.terminate() }
            #expect(try fixture.waitUntilLoaded(ExpectedLoad(first).messages, timeout: .seconds(120), daemon: daemon))
            let reset = try ChildProcess.run([
                "offsets", "reset", "--config", fixture.configPath, "--to", "earliest", "--yes",
            ])
            #expect(reset.status == 0, "\(reset.stderr)")
            #expect(reset.stderr.contains("warning: the brokers cannot describe consumer groups"), "\(reset.stderr)")
            #expect(try storedOffsets(fixture).values.allSatisfy { $0 == 0 })

            var second = SimulatorConfiguration(seed: 62, count: 300)
            second.invalidRate = 0
            second.duplicateRate = 0
            try fixture.produce(second)
            let total = ExpectedLoad(first).messages + second.count
            #expect(
                try fixture.waitUntilLoaded(total, timeout: .seconds(120), daemon: daemon),
                "\(daemon.stderr.suffix(10))")
            daemon.signal(SIGTERM)
            #expect(daemon.waitForExit(timeout: .seconds(60)) == 0)
            #expect(
                try count(fixture, "fact_orders") == ExpectedLoad(first).validOrders.count
                    + ExpectedLoad(second).validOrders.count)
            #expect(try count(fixture, "starsink_rejected") == ExpectedLoad(first).rejected)
        }
    }
}
