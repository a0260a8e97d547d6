import Daemon
import Foundation
import Kafka
import Logging
import StarSchema

/// The seed's consumer design, for comparison in the same run: for every message, decode it with
/// Foundation's JSON parser, upsert the three dimensions and insert the fact with one statement
/// each, and commit. No batching, no history.
struct PerMessageBaseline {
    let brokers: String
    let topic: String
    let warehouse: Configuration.Warehouse
    let logger: Logger

    func run(orders: Int, expectedValid: Int) throws -> BenchmarkRunner.Result {
        let consumer = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(
                brokers: brokers, groupID: "baseline-\(getpid())", properties: [:]), logger: logger)
        try consumer.subscribe(topics: [topic])
        let session = try WarehouseSession(configuration: warehouse, logger: logger)
        let t = warehouse.target
        let upsertCustomer = """
            INSERT INTO \(t.table("dim_customer")) (customer_sk, customer_id, customer_name, customer_region, valid_from, is_current, last_event_at, last_order_id)
            VALUES (?, ?, ?, ?, ?, TRUE, ?, ?) ON CONFLICT (customer_sk) DO UPDATE SET customer_name = EXCLUDED.customer_name, customer_region = EXCLUDED.customer_region
            """
        let upsertProduct = """
            INSERT INTO \(t.table("dim_product")) (product_id, product_name, category, last_event_at, last_order_id) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (product_id) DO UPDATE SET product_name = EXCLUDED.product_name, category = EXCLUDED.category
            """
        let upsertDate = """
            INSERT INTO \(t.table("dim_date")) (date_id, day, month, year, quarter, weekday, is_weekend) VALUES (CAST(? AS DATE), ?, ?, ?, ?, ?, ? = 1)
            ON CONFLICT (date_id) DO NOTHING
            """
        let insertFact = """
            INSERT INTO \(t.table("fact_orders")) (order_id, order_timestamp, customer_sk, customer_id, product_id, date_id, price, quantity,
                total_amount, region, kafka_topic, kafka_partition, kafka_offset)
            VALUES (?, CAST(? AS TIMESTAMP), ?, ?, ?, CAST(? AS DATE), CAST(? AS NUMERIC), ?, CAST(? AS NUMERIC), ?, ?, ?, ?)
            ON CONFLICT (order_id) DO NOTHING
            """
        // This session does the baseline's work, so its backend counts.
        let server = ServerCPU(session: session, excludingOwnBackend: false)
        var serverAtStart: ServerCPU.Reading?
        let clock = ContinuousClock()
        var started: ContinuousClock.Instant?
        var consumed = 0
        var loaded = 0
        let deadline = clock.now + .seconds(900)
        while consumed < orders, clock.now < deadline {
            guard case .message(let message) = consumer.poll(timeoutMilliseconds: 100) else { continue }
            if started == nil {
                started = clock.now
                serverAtStart = server?.read()
            }
            consumed += 1
            guard let object = try? JSONSerialization.jsonObject(with: Data(message.payload)) as? [String: Any],
                case .success(let event) = OrderEventDecoder.decode(message.payload), object["order_id"] != nil
            else { continue }
            let key = SurrogateKey.customer(event.customerID, validFrom: Timestamp(microseconds: 0))
            let time = event.timestamp.sqlText
            let date = event.timestamp.date
            _ = try session.execute(
                BoundStatement(
                    sql: upsertCustomer,
                    parameters: [
                        .integer(key), .text(event.customerID), .text(event.customerName), .text(event.customerRegion),
                        .text(time), .text(time), .text(event.orderID),
                    ]))
            _ = try session.execute(
                BoundStatement(
                    sql: upsertProduct,
                    parameters: [
                        .text(event.productID), .text(event.productName), .text(event.category), .text(time),
                        .text(event.orderID),
                    ]))
            _ = try session.execute(
                BoundStatement(
                    sql: upsertDate,
                    parameters: [
                        .text(date.text), .integer(Int64(date.day)), .integer(Int64(date.month)),
                        .integer(Int64(date.year)),
                        .integer(Int64(date.quarter)), .integer(Int64(date.weekday)), .integer(date.isWeekend ? 1 : 0),
                    ]))
            _ = try session.execute(
                BoundStatement(
                    sql: insertFact,
                    parameters: [
                        .text(event.orderID), .text(time), .integer(key), .text(event.customerID),
                        .text(event.productID), .text(date.text),
                        .text(event.price.description), .integer(event.quantity), .text(event.totalAmount.description),
                        .text(event.customerRegion),
                        .text(message.topic), .integer(Int64(message.partition)), .integer(message.offset),
                    ]))
            try session.commit()
            loaded += 1
        }
        let elapsed = clock.now - (started ?? clock.now)
        let serverAtEnd = server?.read()
        consumer.close()
        return BenchmarkRunner.Result(
            scenario: "per-message baseline (seed design), postgresql, FKs enforced", orders: consumed,
            seconds: elapsed.inSeconds,
            payloadBytes: 0, cpuSeconds: 0, peakResidentBytes: 0, batchP50: 0, batchP99: 0, latencyP50: nil,
            latencyP99: nil,
            verified: loaded == expectedValid,
            postgresCPUSeconds: ServerCPU.seconds(from: serverAtStart, to: serverAtEnd))
    }
}
