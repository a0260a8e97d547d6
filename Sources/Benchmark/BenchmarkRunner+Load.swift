import Daemon
import Foundation
import Simulator
import StarSchema
import Tools

extension BenchmarkRunner {
    /// Starts the daemon on an already-filled topic and times it from the moment its consumer group
    /// has settled (every worker holds its partitions, as its /metrics tells) to the last committed row,
    /// so the group join, its rebalances and the schema check do not count; then checks the tables.
    /// The daemon's and PostgreSQL's CPU are read from /proc at both ends of that window. Progress is
    /// read from the offsets table (its polling backend's CPU is left out of PostgreSQL's), so no scrape
    /// runs in the daemon during the window.
    func load(
        scenario: String, brokers: String, topic: String, group: String,
        warehouse: Configuration.Warehouse, expected: Expectation
    ) throws -> Result {
        let endpoint = try DaemonEndpoint.fresh()
        let config = try configurationFile(
            brokers: brokers, topic: topic, group: group, warehouse: warehouse,
            endpoint: endpoint)
        let daemon = try BenchmarkProcess(["run", "--config", config])
        defer { daemon.stop() }
        let session = try WarehouseSession(configuration: warehouse, logger: logger)
        let server = ServerCPU(session: session, excludingOwnBackend: true)
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(1800)
        var firstSeen: (at: ContinuousClock.Instant, messages: Int, cpu: Double, server: ServerCPU.Reading?)?
        var done = 0
        while clock.now < deadline {
            guard daemon.process.isRunning else {
                throw BenchmarkError("the daemon exited: \(daemon.stderr.suffix(2000))")
            }
            done = try loadedMessages(session)
            if firstSeen == nil, try isSettled(endpoint) {
                firstSeen = (clock.now, done, daemon.cpuSeconds, server?.read())
            }
            if done >= expected.messages { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        let finished = clock.now
        let cpu = daemon.cpuSeconds
        let serverAtEnd = server?.read()
        let peak = daemon.peakResidentBytes
        // Read after the CPU figure, so that the scrape is not counted as the daemon's work.
        let quantiles = DaemonQuantiles(try? endpoint.scrape())
        daemon.stop()
        guard let firstSeen, done >= expected.messages else {
            let unsettled =
                firstSeen == nil ? " (its /metrics on \(endpoint.listen) never showed the group settled)" : ""
            throw BenchmarkError("\(scenario): the daemon did not finish loading\(unsettled)")
        }
        let elapsed = finished - firstSeen.at
        let timed = expected.messages - firstSeen.messages
        return Result(
            scenario: scenario, orders: timed, seconds: elapsed.inSeconds,
            payloadBytes: expected.payloadBytes * timed / max(expected.messages, 1), cpuSeconds: cpu - firstSeen.cpu,
            peakResidentBytes: peak, batchP50: quantiles.batchP50, batchP99: quantiles.batchP99, latencyP50: nil,
            latencyP99: nil,
            verified: try verify(session: session, target: warehouse.target, expected: expected),
            postgresCPUSeconds: ServerCPU.seconds(from: firstSeen.server, to: serverAtEnd))
    }

    /// A steady produce rate into a running daemon; the daemon's own produce-to-commit percentiles (its /metrics) are reported.
    func latency(brokers: String, warehouse: Configuration.Warehouse) throws -> Result {
        let endpoint = try DaemonEndpoint.fresh()
        let config = try configurationFile(
            brokers: brokers, topic: "latency", group: "bench-latency",
            warehouse: warehouse, endpoint: endpoint, wait: 50)
        let daemon = try BenchmarkProcess(["run", "--config", config])
        defer { daemon.stop() }
        try waitUntilSettled(daemon, endpoint)
        let count = options.latencyRate * options.latencySeconds
        var simulator = SimulatorConfiguration(seed: options.seed + 2, count: count)
        simulator.customers = 200_000
        let session = try WarehouseSession(configuration: warehouse, logger: logger)
        let server = ServerCPU(session: session, excludingOwnBackend: true)
        let serverAtStart = server?.read()
        let cpuAtStart = daemon.cpuSeconds
        let started = ContinuousClock.now
        var job = OrderProducerJob(brokers: brokers, topic: "latency", simulator: simulator, rate: options.latencyRate)
        job.properties = ["linger.ms": "5"]
        _ = try job.run(logger: logger, progress: nil)
        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline {
            if try loadedMessages(session) >= count { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let elapsed = ContinuousClock.now - started
        let cpu = daemon.cpuSeconds - cpuAtStart
        let serverAtEnd = server?.read()
        let peak = daemon.peakResidentBytes
        let quantiles = DaemonQuantiles(try? endpoint.scrape())
        daemon.stop()
        let expected = Expectation(simulator)
        return Result(
            scenario: "latency at \(options.latencyRate)/s, postgresql", orders: count,
            seconds: elapsed.inSeconds,
            payloadBytes: expected.payloadBytes, cpuSeconds: cpu, peakResidentBytes: peak,
            batchP50: quantiles.batchP50, batchP99: quantiles.batchP99, latencyP50: quantiles.latencyP50,
            latencyP99: quantiles.latencyP99,
            verified: try verify(session: session, target: warehouse.target, expected: expected),
            postgresCPUSeconds: ServerCPU.seconds(from: serverAtStart, to: serverAtEnd))
    }

    /// Waits until the daemon's consumer group has settled, so the join and its rebalances count
    /// neither as latency nor as load time.
    func waitUntilSettled(_ daemon: BenchmarkProcess, _ endpoint: DaemonEndpoint) throws {
        let joined = ContinuousClock.now + .seconds(120)
        while try !isSettled(endpoint) {
            guard daemon.process.isRunning, ContinuousClock.now < joined else {
                let silent = try endpoint.scrape() == nil ? " (nothing answered on \(endpoint.listen))" : ""
                throw BenchmarkError(
                    "the daemon's consumer group did not settle\(silent): \(daemon.stderr.suffix(2000))")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// Whether the daemon's /metrics shows its consumer group settled; not while it does not answer yet.
    func isSettled(_ endpoint: DaemonEndpoint) throws -> Bool {
        guard let metrics = try endpoint.scrape() else { return false }
        return GroupSettlement.isSettled(metrics, workers: options.workers)
    }

    /// Messages the warehouse has committed so far: the sum of the stored next offsets (the topics
    /// are fresh, so every partition starts at offset 0).
    func loadedMessages(_ session: WarehouseSession) throws -> Int {
        defer { session.rollbackQuietly() }
        let sql = "SELECT COALESCE(SUM(next_offset), 0) FROM \(session.configuration.target.table("starsink_offsets"))"
        let text = (try session.query(BoundStatement(sql: sql)).first?.first ?? nil) ?? "0"
        return Int(text.split(separator: ".").first ?? "0") ?? 0
    }

    /// Counts, exact money and offsets against the expectation; a figure is only printed for verified loads.
    func verify(session: WarehouseSession, target: WarehouseTarget, expected: Expectation) throws -> Bool {
        defer { session.rollbackQuietly() }
        let statements = session.statements
        let facts =
            try session.query(BoundStatement(sql: "SELECT COUNT(*) FROM \(target.table("fact_orders"))")).first?.first
            ?? nil
        let cents =
            try session.query(
                BoundStatement(sql: "SELECT \(statements.centsSum("total_amount")) FROM \(target.table("fact_orders"))")
            ).first?.first ?? nil
        let offsets =
            try session.query(BoundStatement(sql: "SELECT SUM(next_offset) FROM \(target.table("starsink_offsets"))"))
            .first?.first ?? nil
        return Int(facts ?? "") == expected.validOrders && Int64(cents ?? "") == expected.totalCents
            && Int(offsets ?? "") == expected.messages
    }
}
