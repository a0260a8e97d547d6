import StarSchema
import Testing
import TestSupport

@Test func debugSeed() throws {
    var scenario = LoadScenario(seed: 40)
    print(scenario)
    let batches = scenario.batchesPerWorker()
    let warehouse = try SCDWarehouse(.sqlite)
    let c = "C0"
    for (w, list) in batches.enumerated() {
        for b in list {
            let mine = b.compactMap { try? $0.outcome.get() }.filter { $0.customerID == c }
            if !mine.isEmpty { print("worker \(w) batch:", mine.map { "\($0.orderID)@\($0.timestamp) \($0.customerRegion)" }) }
        }
    }
    warehouse.load(batches)
    for row in try warehouse.customers() where row.customerID == c { print("DB ", row) }
    for row in ReferenceModel(scenario.orders).customers where row.customerID == c { print("REF", row) }
}
