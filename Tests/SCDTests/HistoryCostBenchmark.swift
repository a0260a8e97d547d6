import Foundation
import Simulator
import StarSchema
import Testing
import TestSupport

/// The cost of Type 2 history: the same 100k orders through the whole pipeline into PostgreSQL,
/// once with `customer_region: type2` and once with `type1`. Long: `make bench-scd`.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["STARSINK_BENCH"] != nil))
struct HistoryCostBenchmark {
    func load(regionType: String, orders: Int) throws -> Double {
        let fixture = try PipelineFixture(dialect: .postgresql)
        try
            (String(contentsOfFile: fixture.configPath, encoding: .utf8)
            + "\ndimensions:\n  customer_region: \(regionType)\n")
            .write(toFile: fixture.configPath, atomically: true, encoding: .utf8)
        var configuration = SimulatorConfiguration(seed: 7, count: orders)
        configuration.invalidRate = 0.01
        configuration.duplicateRate = 0.005
        try fixture.produce(configuration)
        let expected = ExpectedLoad(configuration)
        let started = ContinuousClock.now
        let daemon = try fixture.startDaemon()
        let loaded = try fixture.waitUntilLoaded(expected.messages, timeout: .seconds(400), daemon: daemon)
        let elapsed = ContinuousClock.now - started
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit(timeout: .seconds(60)) == 0)
        #expect(loaded)
        let problems = try fixture.verify(expected)
        let versions = try fixture.connect().query("SELECT COUNT(*) FROM e_commerce.dim_customer").first?.first ?? nil
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(
            "history cost: customer_region \(regionType): \(expected.messages) messages in \(String(format: "%.1f", seconds)) s "
                + "(\(Int(Double(expected.messages) / seconds)) msg/s, incl. start-up and group join), \(versions ?? "?") customer versions"
        )
        #expect(problems == [] || regionType == "type1", "\(problems)")
        return seconds
    }

    @Test(.timeLimit(.minutes(20))) func typeTwoVersusTypeOne() async throws {
        try await offThePoolInTest {
            let orders = Int(ProcessInfo.processInfo.environment["STARSINK_BENCH_ORDERS"] ?? "") ?? 100_000
            let type2 = try load(regionType: "type2", orders: orders)
            let type1 = try load(regionType: "type1", orders: orders)
            print("history cost: type2 / type1 = \(String(format: "%.2f", type2 / type1))")
            #expect(type2 > 0 && type1 > 0)
        }
    }

    /// The warehouse side alone (no Kafka, no start-up): the simulator's orders keyed over 12
    /// partitions, 2 concurrent workers, batches of 5,000; type2 and type1 alternated to share the noise.
    @Test(.timeLimit(.minutes(20))) func warehouseOnly() async throws {
        try await offThePoolInTest {
            let count = Int(ProcessInfo.processInfo.environment["STARSINK_BENCH_ORDERS"] ?? "") ?? 100_000
            var simulator = OrderSimulator(configuration: SimulatorConfiguration(seed: 7, count: count))
            var streams: [[LoadRecord]] = [[], []]
            var offsets = [Int64](repeating: 0, count: 12)
            for _ in 0..<count {
                guard let event = simulator.next().event else { continue }
                let partition = Int(event.customerID.utf8.reduce(UInt32(7)) { $0 &* 31 &+ UInt32($1) } % 12)
                streams[partition % 2].append(
                    LoadRecord(
                        position: SourcePosition(
                            topic: "orders", partition: Int32(partition), offset: offsets[partition]),
                        payload: Array("{}".utf8), outcome: .success(event)))
                offsets[partition] += 1
            }
            let batches = streams.map { stream in
                stride(from: 0, to: stream.count, by: 5000).map { Array(stream[$0..<min($0 + 5000, stream.count)]) }
            }
            var totals: [String: Double] = [:]
            for round in 0..<2 {
                for type2 in [true, false] {
                    let warehouse = try SCDWarehouse(
                        .postgresql, schema: "bench_\(round)_\(type2 ? "t2" : "t1")", regionIsType2: type2)
                    let started = ContinuousClock.now
                    warehouse.load(batches)
                    let elapsed = ContinuousClock.now - started
                    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                    totals[type2 ? "type2" : "type1", default: 0] += seconds
                    print(
                        "history cost (warehouse only): round \(round) customer_region \(type2 ? "type2" : "type1"): \(String(format: "%.1f", seconds)) s, \(Int(Double(count) / seconds)) orders/s"
                    )
                    #expect(try warehouse.deadLetters().isEmpty)
                }
            }
            print(
                "history cost (warehouse only): type2 / type1 = \(String(format: "%.2f", totals["type2"]! / totals["type1"]!))"
            )
        }
    }
}
