import Foundation
import ODBC
import Simulator
import StarSchema
import Testing
import TestSupport

/// `starsink dead-letters list|show|replay` as operators use them, on dead letters a real daemon
/// wrote: simulated orders through `starsink dev-kafka` into a warehouse that refuses the largest
/// totals (PostgreSQL: TOTAL_AMOUNT narrowed; SQLite: a trigger), plus invalid messages. Once the
/// cause is fixed, a replay loads the refused orders exactly once and removes their dead letters,
/// the invalid ones stay with their reason, STARSINK_OFFSETS is untouched, and a second replay
/// changes nothing.
@Suite(.serialized) struct DeadLetterCommandTests {
    @Test(.timeLimit(.minutes(8)))
    func postgresReplayAfterTheColumnIsWidenedWhileTheDaemonRuns() async throws {
        try await blocking {
            let scenario = try DeadLetterScenario(seed: 41, count: 3000)
            let fixture = try PipelineFixture(dialect: .postgresql, partitions: 3, workers: 2, batchMaxRecords: 500)
            let server = try PostgresServer.shared()
            let database = PostgresServer.databaseName(in: fixture.warehouseConnection) ?? ""
            #expect(try ChildProcess.run(["schema", "apply", "--config", fixture.configPath]).status == 0)
            _ = try server.psql(
                database: database,
                "ALTER TABLE e_commerce.fact_orders ALTER COLUMN total_amount TYPE NUMERIC(\(scenario.precision),2)")
            try fixture.produce(scenario.orders)
            let daemon = try fixture.startDaemon()
            defer { daemon.signal(SIGTERM); daemon.waitForExit(timeout: .seconds(60)) }
            #expect(try fixture.waitUntilLoaded(scenario.messages.count, timeout: .seconds(180), daemon: daemon))
            let connection = try fixture.connect()
            #expect(try fixture.rejectedCount(connection, code: "warehouse_rejected") == scenario.refused)

            try checkListAndShow(fixture, connection)

            // Not fixed yet: every refused order is refused again and keeps its dead letter.
            let early = try fixture.deadLetters(["replay", "--code", "warehouse_rejected"])
            #expect(
                early.contains("replayed \(scenario.refused) dead letters") && early.contains("loaded 0\n"), "\(early)")
            #expect(try fixture.rejectedCount(connection, code: "warehouse_rejected") == scenario.refused)

            _ = try server.psql(
                database: database, "ALTER TABLE e_commerce.fact_orders ALTER COLUMN total_amount TYPE NUMERIC(18,2)")
            let offsets = try fixture.offsetRows(connection)
            let dry = try fixture.deadLetters(["replay", "--dry-run"])
            #expect(dry.contains("would replay \(scenario.refused + scenario.invalid) dead letters"), "dry run: \(dry)")
            #expect(dry.contains("loaded \(scenario.refusedOrders)\n"), "dry run: \(dry)")
            #expect(
                try fixture.rejectedCount(connection, code: "warehouse_rejected") == scenario.refused,
                "a dry run changes nothing")

            // More orders arrive while the replay runs: the daemon and the replay share the dimensions.
            var more = SimulatorConfiguration(seed: 42, count: 1500)
            more.duplicateRate = 0.02
            let producer = try ChildProcess([
                "produce", "--brokers", fixture.brokers, "--topic", "orders", "--count", "1500",
                "--seed", "42", "--duplicate-rate", "0.02", "--rate", "300",
            ])
            defer { producer.terminate() }
            let before = try fixture.offsetRows(connection)
            _ = try waitUntil(timeout: .seconds(30)) { try fixture.offsetRows(connection) != before }
            let replay = try fixture.deadLetters(["replay"])
            #expect(replay.contains("replayed \(scenario.refused + scenario.invalid) dead letters"), "\(replay)")
            #expect(replay.contains("loaded \(scenario.refusedOrders)\n"), "\(replay)")
            #expect(replay.contains("already loaded \(scenario.refused - scenario.refusedOrders) "), "\(replay)")
            #expect(replay.contains("still failing \(scenario.invalid) (0 with a new reason)"), "\(replay)")
            #expect(producer.waitForExit(timeout: .seconds(120)) == 0)

            var expected = ExpectedLoad(scenario.orders)
            let second = ExpectedLoad(more)
            expected.validOrders.merge(second.validOrders) { first, _ in first }
            expected.messages += second.messages
            expected.invalidMessages += second.invalidMessages
            #expect(try fixture.waitUntilLoaded(expected.messages, timeout: .seconds(120), daemon: daemon))
            #expect(try fixture.verify(expected) == [])
            let moved = try fixture.offsetRows(connection)
            #expect(moved.count == offsets.count, "the replay adds no offset rows")

            let rows = try fixture.rejectedRows(connection)
            let facts = try fixture.factRows(connection)
            let again = try fixture.deadLetters(["replay"])
            #expect(
                again.contains("replayed \(scenario.invalid) dead letters") && again.contains("loaded 0\n")
                    && again.contains("already loaded 0 ") && again.contains("(0 with a new reason)"), "\(again)")
            #expect(try fixture.rejectedRows(connection) == rows, "a second replay changes no dead letter")
            #expect(try fixture.factRows(connection) == facts, "a second replay changes no fact")
            #expect(try fixture.offsetRows(connection) == moved, "replays never touch STARSINK_OFFSETS")
        }
    }

    /// list (json, csv, table with its count by code) and show (UTF-8 and base64 payloads) carry the table's values.
    private func checkListAndShow(_ fixture: PipelineFixture, _ connection: ODBCConnection) throws {
        let rows = try fixture.rejectedRows(connection)
        let listed = try jsonObjects(fixture.deadLetters(["list", "--format", "json"]))
        #expect(listed.count == rows.count)
        #expect(zip(listed, rows).allSatisfy { matches($0, $1) }, "list --format json equals the table")
        let refused = try jsonObjects(
            fixture.deadLetters(["list", "--format", "json", "--code", "warehouse_rejected", "--code", "invalid_utf8"]))
        #expect(refused.count == rows.filter { $0[4] == "warehouse_rejected" || $0[4] == "invalid_utf8" }.count)
        let partition = rows[0][1]
        let inPartition = try jsonObjects(fixture.deadLetters(["list", "--format", "json", "--partition", partition]))
        #expect(inPartition.count == rows.filter { $0[1] == partition }.count)
        let future = try jsonObjects(fixture.deadLetters(["list", "--format", "json", "--since", "2100-01-01"]))
        #expect(future.isEmpty)
        let times = rows.compactMap { Timestamp(sqlText: $0[3]) }
        if let latest = times.max() {
            let recent = try jsonObjects(fixture.deadLetters(["list", "--format", "json", "--since", latest.iso8601]))
            #expect(
                recent.count == times.filter { $0 >= latest }.count && !recent.isEmpty,
                "--since keeps rows rejected at or after it")
        }

        let csv = try csvRecords(fixture.deadLetters(["list", "--format", "csv"]))
        #expect(
            csv.first == [
                "topic", "partition", "offset", "rejected_at", "error_code", "error_detail", "payload_encoding",
                "payload_length",
            ])
        #expect(csv.count == rows.count + 1)
        #expect(
            zip(csv.dropFirst(), rows).allSatisfy { $0.count == 8 && $0[5] == $1[5] },
            "CSV keeps each detail whole, line breaks included")
        let table = try fixture.deadLetters(["list"]).split(separator: "\n").map(String.init)
        #expect(table.contains("(\(rows.count) dead letters)"))
        for code in Set(rows.map { $0[4] }) {
            let count = rows.filter { $0[4] == code }.count
            #expect(
                table.contains { $0.hasPrefix(code + " ") && $0.hasSuffix(" \(count)") }, "summary line for \(code)")
        }

        guard let binary = rows.first(where: { $0[6] == "base64" }),
            let text = rows.first(where: { $0[6] == "utf8" && !$0[7].isEmpty })
        else {
            Issue.record("the scenario has no base64 or no UTF-8 dead letter")
            return
        }
        let shown = try fixture.deadLetters(["show", "--partition", binary[1], "--offset", binary[2]])
        #expect(shown.contains("payload (not UTF-8 text, stored as base64; shown escaped"))
        #expect(shown.contains(#"Jos\xC3(\xFF Bad"#), "the simulator's invalid bytes, escaped: \(shown)")
        let shownJSON = try jsonObjects(
            "[" + fixture.deadLetters(["show", "--partition", binary[1], "--offset", binary[2], "--format", "json"])
                + "]")
        #expect(
            shownJSON.count == 1 && matches(shownJSON[0], binary) && shownJSON[0]["payload"] as? String == binary[7])
        let plain = try fixture.deadLetters(["show", "--topic", "orders", "--partition", text[1], "--offset", text[2]])
        #expect(plain.contains("payload (UTF-8 text, as stored):\n" + text[7]), "\(plain)")
        #expect(plain.contains(text[5]), "the whole detail")
    }
}

extension DeadLetterCommandTests {
    /// SQLite, the daemon running: a trigger refuses the largest totals; one dead letter is replayed
    /// by position before and after the trigger is dropped, then the rest by code, then everything.
    @Test(.timeLimit(.minutes(6)))
    func sqliteReplayByPositionThenByCodeAfterTheTriggerIsDropped() async throws {
        try await blocking {
            let scenario = try DeadLetterScenario(seed: 43, count: 2000)
            let fixture = try PipelineFixture(dialect: .sqlite, partitions: 3, workers: 2, batchMaxRecords: 500)
            #expect(try ChildProcess.run(["schema", "apply", "--config", fixture.configPath]).status == 0)
            let connection = try fixture.connect()
            _ = try connection.execute(
                """
                CREATE TRIGGER refuse_large_totals BEFORE INSERT ON fact_orders
                WHEN CAST(ROUND(CAST(NEW.total_amount AS REAL) * 100) AS INTEGER) >= \(scenario.limitCents)
                BEGIN SELECT RAISE(ABORT, 'total above this warehouse''s limit'); END
                """)
            try fixture.produce(scenario.orders)
            let daemon = try fixture.startDaemon()
            defer { daemon.signal(SIGTERM); daemon.waitForExit(timeout: .seconds(60)) }
            #expect(try fixture.waitUntilLoaded(scenario.messages.count, timeout: .seconds(180), daemon: daemon))
            #expect(try fixture.rejectedCount(connection, code: "warehouse_rejected") == scenario.refused)

            let rows = try fixture.rejectedRows(connection)
            let csv = try csvRecords(fixture.deadLetters(["list", "--format", "csv"])).dropFirst()
            #expect(csv.count == rows.count)
            #expect(
                zip(csv, rows).allSatisfy { listed, row in
                    listed.count == 8 && Array(listed[0..<3]) == Array(row[0..<3])
                        && Timestamp(iso8601: listed[3]) == Timestamp(sqlText: row[3])
                        && Array(listed[4..<7]) == Array(row[4..<7]) && Int(listed[7]) == row[7].count
                }, "list --format csv equals the table")
            let table = try fixture.deadLetters(["list", "--code", "warehouse_rejected"]).split(separator: "\n").map(
                String.init)
            #expect(table.contains("(\(scenario.refused) dead letters)"))
            #expect(table.contains { $0.hasPrefix("warehouse_rejected ") && $0.hasSuffix(" \(scenario.refused)") })
            #expect(table.contains { $0.hasPrefix("total ") && $0.hasSuffix(" \(scenario.refused)") })

            guard let first = rows.first(where: { $0[4] == "warehouse_rejected" }) else {
                Issue.record("no dead letter was refused by the warehouse")
                return
            }
            let one = ["replay", "--partition", first[1], "--offset", first[2]]
            let refusedAgain = try fixture.deadLetters(one)
            #expect(
                refusedAgain.contains("replayed 1 dead letter\n") && refusedAgain.contains("loaded 0\n"),
                "\(refusedAgain)")
            #expect(try fixture.rejectedCount(connection, code: "warehouse_rejected") == scenario.refused)

            _ = try connection.execute("DROP TRIGGER refuse_large_totals")
            let offsets = try fixture.offsetRows(connection)
            let loadedOne = try fixture.deadLetters(one)
            #expect(loadedOne.contains("replayed 1 dead letter\n") && loadedOne.contains("loaded 1\n"), "\(loadedOne)")
            let lineage = try connection.query(
                "SELECT kafka_partition, kafka_offset FROM fact_orders WHERE kafka_partition = ? AND kafka_offset = ?",
                [.integer(Int64(first[1]) ?? -1), .integer(Int64(first[2]) ?? -1)])
            #expect(lineage.count == 1, "the fact keeps the message's position as its lineage")

            let byCode = try fixture.deadLetters(["replay", "--code", "warehouse_rejected"])
            #expect(byCode.contains("replayed \(scenario.refused - 1) dead letters"), "\(byCode)")
            #expect(byCode.contains("still failing 0 "), "\(byCode)")
            #expect(try fixture.rejectedCount(connection, code: "warehouse_rejected") == 0)

            // Two seeded dead letters of an order that is loaded: an identical copy (a no-op, removed) and
            // one with other content (stays, now as duplicate_conflict).
            let seeded = try seedCopies(of: scenario, fixture, connection)
            let rest = try fixture.deadLetters(["replay"])
            #expect(
                rest.contains("replayed \(scenario.invalid + 2) dead letters") && rest.contains("loaded 0\n")
                    && rest.contains("already loaded 1 ")
                    && rest.contains("still failing \(scenario.invalid + 1) (1 with a new reason)"), "\(rest)")
            let conflict = try connection.query(
                "SELECT error_code, error_detail FROM starsink_rejected WHERE kafka_offset = ?",
                [.integer(seeded.conflicting)])
            #expect(
                conflict.first?[0] == "duplicate_conflict"
                    && conflict.first?[1]?.contains("was already loaded from orders/") == true, "\(conflict)")
            #expect(
                try connection.query(
                    "SELECT 1 FROM starsink_rejected WHERE kafka_offset = ?", [.integer(seeded.identical)]
                ).isEmpty)
            _ = try connection.execute(
                "DELETE FROM starsink_rejected WHERE kafka_offset = ?", [.integer(seeded.conflicting)])
            #expect(try fixture.verify(ExpectedLoad(scenario.orders)) == [])
            #expect(try fixture.offsetRows(connection) == offsets, "replays never touch STARSINK_OFFSETS")
            let kept = try fixture.rejectedRows(connection)
            #expect(try fixture.deadLetters(["replay"]).contains("loaded 0\n"))
            #expect(try fixture.rejectedRows(connection) == kept, "a second replay changes nothing")
        }
    }

    /// Stores two dead letters of a loaded order at offsets no message has: an identical copy and a changed one.
    private func seedCopies(of scenario: DeadLetterScenario, _ fixture: PipelineFixture, _ connection: ODBCConnection)
        throws -> (identical: Int64, conflicting: Int64)
    {
        guard
            let loaded = scenario.messages.compactMap(\.event).first(where: {
                $0.price.cents * $0.quantity < scenario.limitCents
            })
        else {
            throw TestFailure("no order was loaded")
        }
        var changed = loaded
        changed.quantity += 1
        for (offset, event) in [(Int64(900_000), loaded), (900_001, changed)] {
            _ = try connection.execute(
                """
                INSERT INTO starsink_rejected (topic, kafka_partition, kafka_offset, rejected_at, error_code, error_detail, payload, payload_encoding)
                VALUES ('orders', 0, ?, '2026-12-01 00:00:00', 'warehouse_rejected', 'seeded by the test', ?, 'utf8')
                """, [.integer(offset), .text(String(decoding: OrderJSON.encode(event), as: UTF8.self))])
        }
        return (900_000, 900_001)
    }

    /// Bad options exit 2 naming the option, before any warehouse is contacted.
    @Test func badOptionsExitTwo() async throws {
        try await offThePoolInTest {
            let config = CommandLineTests.root.appendingPathComponent("config/starsink.yaml").path
            let code = try ChildProcess.run(["dead-letters", "list", "--code", "no_such_code", "--config", config])
            #expect(
                code.status == 2 && code.stderr.contains("--code no_such_code")
                    && code.stderr.contains("warehouse_rejected"))
            let offset = try ChildProcess.run(["dead-letters", "replay", "--offset", "3", "--config", config])
            #expect(offset.status == 2 && offset.stderr.contains("--offset needs --partition"))
            let since = try ChildProcess.run(["dead-letters", "replay", "--since", "yesterday", "--config", config])
            #expect(since.status == 2 && since.stderr.contains("--since"))
            let format = try ChildProcess.run(["dead-letters", "list", "--format", "xml", "--config", config])
            #expect(format.status == 2 && format.stderr.contains("--format"))
        }
    }
}
