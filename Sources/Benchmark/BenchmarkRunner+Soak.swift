import Daemon
import Foundation
import Kafka
import Simulator
import StarSchema
import Synchronization
import Tools

/// What the producer thread ended with, read by the benchmark's loop.
private final class ProducerOutcome: Sendable {
    private let value = Mutex<Result<OrderProducerJob.Summary, any Error>?>(nil)

    func set(_ result: Result<OrderProducerJob.Summary, any Error>) { value.withLock { $0 = result } }
    var finished: Bool { value.withLock { $0 != nil } }
    var failure: (any Error)? {
        value.withLock { if case .failure(let error)? = $0 { error } else { nil } }
    }
}

extension BenchmarkRunner {
    /// Runs the soak alone (its own broker and schema); throws if the daemon or the producer fails.
    package func runSoak() throws -> SoakResult {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        guard options.soakMinutes >= 2 else {
            throw BenchmarkError("--soak-minutes must be at least 2: the first minute is the warm-up")
        }
        guard let warehouse = try warehouse(.postgresql, .informational, name: "bench_soak") else {
            throw BenchmarkError("the soak needs --postgres")
        }
        let (kafka, brokers) = try startKafka(topics: ["soak"])
        defer { kafka.stop() }
        // The daemon's defaults (batch wait 200 ms), as the memory goal states; only the latency run shortens the wait.
        let endpoint = try DaemonEndpoint.fresh()
        let config = try configurationFile(
            brokers: brokers, topic: "soak", group: "bench-soak", warehouse: warehouse,
            endpoint: endpoint)
        let daemon = try BenchmarkProcess(["run", "--config", config])
        defer { daemon.stop() }
        try waitUntilSettled(daemon, endpoint)

        var simulator = SimulatorConfiguration(
            seed: options.seed + 3, count: options.soakRate * options.soakMinutes * 60)
        simulator.customers = 200_000
        simulator.products = 5_000
        let deliveries = DeliveryLog()
        var job = OrderProducerJob(brokers: brokers, topic: "soak", simulator: simulator, rate: options.soakRate)
        job.properties = ["linger.ms": "5"]
        job.deliveryLog = deliveries
        let outcome = ProducerOutcome()
        let logger = self.logger
        // The paced producer blocks for the whole soak: its own thread, while this one watches.
        Thread { [job] in outcome.set(Swift.Result { try job.run(logger: logger, progress: nil) }) }.start()

        let session = try WarehouseSession(configuration: warehouse, logger: logger)
        let server = ServerCPU(session: session, excludingOwnBackend: true)
        var tracker = CommitLatencyTracker()
        var histograms: [Int: LatencyHistogram] = [:]
        let clock = ContinuousClock()
        let started = clock.now
        var first: (sample: SoakResult.Sample, cpu: Double, server: ServerCPU.Reading?)?
        var last: (sample: SoakResult.Sample, cpu: Double, server: ServerCPU.Reading?)?
        var reportedMinute = 0
        while last == nil {
            guard daemon.process.isRunning else {
                throw BenchmarkError("the daemon exited: \(daemon.stderr.suffix(2000))")
            }
            if let failure = outcome.failure { throw failure }
            // Deliveries first, then the offsets: a record committed before its report arrived is
            // then taken at the next look, at most one interval late.
            tracker.delivered(deliveries.drain())
            let committed = try committedOffsets(session)
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            let minute = Int((clock.now - started).inSeconds / 60)
            for (partition, next) in committed {
                for latency in tracker.committed(partition: partition, nextOffset: next, now: now) {
                    histograms[minute, default: LatencyHistogram()].record(milliseconds: latency)
                }
            }
            if minute > reportedMinute {
                reportedMinute = minute
                let loaded = committed.reduce(0) { $0 + Int($1.next) }
                let sample = SoakResult.Sample(
                    minute: minute, residentBytes: daemon.residentBytes,
                    openFileDescriptors: daemon.openFileDescriptors,
                    latency: histograms[minute - 1] ?? LatencyHistogram(), ordersLoaded: loaded,
                    lag: max(0, tracker.deliveredCount - loaded))
                say(
                    "soak minute \(minute)/\(options.soakMinutes): RSS \(sample.residentBytes / 1_048_576) MiB, "
                        + "\(sample.openFileDescriptors) fds, p99 \(sample.latencyP99) ms, \(loaded) orders, lag \(sample.lag)"
                )
                if first == nil { first = (sample, daemon.cpuSeconds, server?.read()) }
                if minute >= options.soakMinutes { last = (sample, daemon.cpuSeconds, server?.read()) }
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        guard let first, let last else { throw BenchmarkError("the soak ended without samples") }

        // The producer's last records and the daemon's last commit, then the tables.
        let deadline = clock.now + .seconds(300)
        while clock.now < deadline {
            if let failure = outcome.failure { throw failure }
            if outcome.finished, try loadedMessages(session) >= simulator.count { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        let peak = daemon.peakResidentBytes
        daemon.stop()
        let orders = Double(max(1, last.sample.ordersLoaded - first.sample.ordersLoaded))
        return SoakResult(
            rate: options.soakRate, minutes: options.soakMinutes, workers: options.workers, start: first.sample,
            end: last.sample,
            daemonCPUSecondsPer100k: (last.cpu - first.cpu) / orders * 100_000,
            postgresCPUSecondsPer100k: ServerCPU.seconds(from: first.server, to: last.server).map {
                $0 / orders * 100_000
            },
            peakResidentBytes: peak,
            verified: try verify(session: session, target: warehouse.target, expected: Expectation(simulator)))
    }

    /// Each partition's committed position, as the daemon stored it with its last batch.
    private func committedOffsets(_ session: WarehouseSession) throws -> [(partition: Int32, next: Int64)] {
        defer { session.rollbackQuietly() }
        let sql = "SELECT kafka_partition, next_offset FROM \(session.configuration.target.table("starsink_offsets"))"
        return try session.query(BoundStatement(sql: sql)).compactMap { row in
            guard row.count == 2, let partition = row[0].flatMap({ Int32($0) }),
                let next = row[1].flatMap({ Int64($0) })
            else { return nil }
            return (partition, next)
        }
    }
}
