import Foundation
import Kafka
import Logging
import Simulator

/// `starsink produce`: simulated orders into a topic at a steady rate, with progress and a summary.
package struct OrderProducerJob {
    package var brokers: String
    package var topic: String
    package var simulator: SimulatorConfiguration
    /// Orders per second; 0 = as fast as possible.
    package var rate: Int
    package var properties: [String: String] = [:]
    /// Where each delivered record is noted, for a caller that follows records end to end.
    package var deliveryLog: DeliveryLog?

    package init(brokers: String, topic: String, simulator: SimulatorConfiguration, rate: Int) {
        self.brokers = brokers
        self.topic = topic
        self.simulator = simulator
        self.rate = rate
    }

    package struct Summary: Sendable {
        package var sent: Int
        package var valid: Int
        package var invalid: Int
        package var seconds: Double
    }

    /// Sends every message, flushes, and returns the counts. Throws if any delivery failed.
    package func run(logger: Logger, progress: ProgressBar?) throws -> Summary {
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(
                brokers: brokers, properties: properties, deliveryLog: deliveryLog), logger: logger)
        var generator = OrderSimulator(configuration: simulator)
        if rate > 0 { try producer.prepare(topic: topic, timeoutMilliseconds: 30_000) }
        let clock = ContinuousClock()
        let started = clock.now
        var valid = 0
        for index in 0..<simulator.count {
            let message = generator.next()
            if message.event != nil { valid += 1 }
            try producer.send(topic: topic, key: message.key, value: message.payload)
            if rate > 0, index % 100 == 99 {
                // Pace to the requested rate: wait until this message's scheduled send time.
                let due = started + .milliseconds(Int64((index + 1) * 1000 / rate))
                let now = clock.now
                if due > now { Thread.sleep(forTimeInterval: (due - now).inSeconds) }
            }
            if index % 1000 == 999 { progress?.update(done: index + 1) }
        }
        try producer.flush(timeoutMilliseconds: 60_000)
        if producer.deliveryFailures > 0 {
            throw DeliveryError(failed: producer.deliveryFailures)
        }
        let seconds = (clock.now - started).inSeconds
        progress?.update(done: simulator.count)
        return Summary(sent: simulator.count, valid: valid, invalid: simulator.count - valid, seconds: seconds)
    }
}

/// Some produced messages were not acknowledged by the brokers.
package struct DeliveryError: Error, CustomStringConvertible {
    package var failed: Int
    package var description: String { "\(failed) messages were not delivered" }
}
