import Foundation
import Kafka
import Logging
import Systemd

/// The running workers of one configuration: each on its own serial Dispatch queue, sharing a stop
/// signal and a dead-letter producer. Replaced as a whole when a reload changes Kafka, the warehouse
/// or the number of workers.
///
/// A worker spends its life in blocking C calls (the consumer's poll, ODBC execute and fetch), which must
/// stay off Swift's cooperative pool. A serial queue made with `DispatchQueue(label:)` targets Dispatch's
/// overcommitting root queue, which gives every queue whose work blocks a thread of its own: a worker
/// waiting for the warehouse never holds up another, however many there are.
package final class WorkerPool {
    package let configuration: Configuration
    private let stop = StopSignal()
    private let finished = DispatchGroup()
    private var workers: [LoadWorker] = []
    private let logger: Logger
    private let settings: LiveSettings
    private let metrics: PipelineMetrics
    private let gate: WatchdogGate?
    private var deadLetterProducer: KafkaProducer?
    private let halt: HaltSignal?
    /// The level of the one-line-per-dead-letter log (set before `start`): the daemon's operators
    /// want each at warning; the demo, which makes bad events on purpose, summarises them instead.
    package var deadLetterLogLevel: Logger.Level = .warning

    package init(
        configuration: Configuration, settings: LiveSettings, metrics: PipelineMetrics, gate: WatchdogGate?,
        halt: HaltSignal? = nil, logger: Logger
    ) {
        self.configuration = configuration
        self.settings = settings
        self.metrics = metrics
        self.gate = gate
        self.halt = halt
        self.logger = logger
    }

    package func start() {
        if configuration.kafka.deadLetterTopic != nil {
            do {
                deadLetterProducer = try KafkaProducer(
                    configuration: KafkaProducerConfiguration(
                        brokers: configuration.kafka.brokers, properties: configuration.kafka.producerClientProperties),
                    logger: logger)
            } catch {
                logger.error(
                    "cannot create the dead-letter producer; dead letters go to STARSINK_REJECTED only",
                    metadata: ["error.code": "\(error.code)", "error": "\(error.message)"])
            }
        }
        let context = LoadWorker.Context(
            configuration: configuration, settings: settings, metrics: metrics, gate: gate,
            deadLetterProducer: deadLetterProducer, stop: stop, halt: halt, deadLetterLogLevel: deadLetterLogLevel)
        for id in 1...configuration.pipeline.workers {
            let worker = LoadWorker(id: id, context: context, logger: logger)
            workers.append(worker)
            // The worker is used only on its queue from here on (see LoadWorker's threading note).
            let handoff = WorkerHandoff(worker: worker)
            // `run()` is the one work item the queue ever gets; Dispatch keeps the queue alive until it ends.
            DispatchQueue(label: "starsink.worker-\(id)").async(group: finished) { handoff.worker.run() }
        }
    }

    /// True once every worker has subscribed to the topic.
    package var allSubscribed: Bool { workers.allSatisfy(\.hasSubscribed) }

    /// Asks every worker to finish its batch in flight and leave the group.
    package func requestStop() { stop.request() }

    /// Waits up to `timeout` for all workers to finish; true when they have.
    package func waitFinished(timeout: Duration) -> Bool {
        let finishedInTime = finished.wait(timeout: .now() + .milliseconds(Int(timeout.milliseconds))) == .success
        if finishedInTime, let producer = deadLetterProducer {
            try? producer.flush(timeoutMilliseconds: 5000)
        }
        return finishedInTime
    }

    /// Stops and waits, however long the drain takes.
    package func stopAndWait() {
        requestStop()
        while !waitFinished(timeout: .seconds(1)) {}
    }
}

/// Carries a worker to its queue. Safe because the creating thread never touches the worker's
/// mutable state after the hand-off; it only reads `hasSubscribed`, which is behind a Mutex.
private struct WorkerHandoff: @unchecked Sendable {
    let worker: LoadWorker
}
