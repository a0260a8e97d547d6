import Foundation
import Simulator
import StarSchema
import Testing
import TestSupport

/// The daemon as users run it: `starsink dev-kafka`, `starsink produce`, `starsink run` processes,
/// real librdkafka over TCP, real ODBC drivers, a real PostgreSQL server and SQLite files.
@Suite(.serialized) struct PipelineTests {
    func simulator(count: Int, seed: UInt64) -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration(seed: seed, count: count)
        configuration.invalidRate = 0.01
        configuration.duplicateRate = 0.005
        return configuration
    }

    @Test(.timeLimit(.minutes(6)))
    func postgresHundredThousandOrdersTwoWorkers() async throws {
        try await offThePoolInTest {
            let fixture = try PipelineFixture(dialect: .postgresql)
            let orders = simulator(count: 100_000, seed: 7)
            try fixture.produce(orders)
            let expected = ExpectedLoad(orders)
            let started = ContinuousClock.now
            let daemon = try fixture.startDaemon()
            let loaded = try fixture.waitUntilLoaded(expected.messages, timeout: .seconds(240), daemon: daemon)
            let elapsed = (ContinuousClock.now - started).components
            let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
            print(
                "postgresql: \(expected.messages) messages in \(seconds) s including start-up and group join (\(Int(Double(expected.messages) / seconds)) msg/s)"
            )
            daemon.signal(SIGTERM)
            #expect(daemon.waitForExit(timeout: .seconds(60)) == 0)
            #expect(loaded, "daemon stderr: \(daemon.stderr.suffix(20))")
            #expect(try fixture.verify(expected) == [])
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func sqliteTwoWorkers() async throws {
        try await offThePoolInTest {
            let fixture = try PipelineFixture(dialect: .sqlite)
            let orders = simulator(count: 30_000, seed: 11)
            try fixture.produce(orders)
            let expected = ExpectedLoad(orders)
            let daemon = try fixture.startDaemon()
            let loaded = try fixture.waitUntilLoaded(expected.messages, timeout: .seconds(180), daemon: daemon)
            daemon.signal(SIGTERM)
            #expect(daemon.waitForExit(timeout: .seconds(60)) == 0)
            #expect(loaded, "daemon stderr: \(daemon.stderr.suffix(20))")
            #expect(try fixture.verify(expected) == [])
        }
    }

    /// Stopped (SIGTERM) mid-load and killed (SIGKILL) mid-load, then restarted: still exact.
    @Test(.timeLimit(.minutes(6)))
    func stopAndKillThenRestart() async throws {
        try await offThePoolInTest {
            let fixture = try PipelineFixture(dialect: .postgresql, batchMaxRecords: 2000)
            let orders = simulator(count: 60_000, seed: 23)
            try fixture.produce(orders)
            let expected = ExpectedLoad(orders)
            let connection = try fixture.connect()
            func loadedOffsets() -> Int {
                let rows =
                    (try? connection.query("SELECT COALESCE(SUM(next_offset), 0) FROM e_commerce.starsink_offsets"))
                    ?? []
                return Int(rows.first?.first??.split(separator: ".").first ?? "0") ?? 0
            }
            for signal in [SIGTERM, SIGKILL] {
                let daemon = try fixture.startDaemon()
                let before = loadedOffsets()
                let progressed = try waitUntil(timeout: .seconds(120)) { loadedOffsets() > before }
                #expect(
                    progressed,
                    "no progress before \(signal == SIGTERM ? "SIGTERM" : "SIGKILL"): \(daemon.stderr.suffix(10))")
                daemon.signal(signal)
                let status = daemon.waitForExit(timeout: .seconds(60))
                if signal == SIGTERM { #expect(status == 0) }
            }
            let daemon = try fixture.startDaemon()
            #expect(try fixture.waitUntilLoaded(expected.messages, timeout: .seconds(240), daemon: daemon))
            daemon.signal(SIGTERM)
            #expect(daemon.waitForExit(timeout: .seconds(60)) == 0)
            #expect(try fixture.verify(expected) == [])
        }
    }
}
