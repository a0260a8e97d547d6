import StarSchema
import Testing
import TestSupport

/// Random sets of orders, loaded in random arrival orders, partitionings, batch sizes and numbers of
/// concurrent workers through the daemon's own transaction code: the tables must always equal the
/// reference model of the same set of orders (determinism and correctness at once).
@Suite(.timeLimit(.minutes(8)))
struct PropertyTests {
    func check(_ dialect: WarehouseDialect, seed: UInt64, schema: String = "e_commerce", regionIsType2: Bool = true)
        throws
    {
        var scenario = LoadScenario(seed: seed)
        let warehouse = try SCDWarehouse(dialect, schema: schema, regionIsType2: regionIsType2)
        warehouse.load(scenario.batchesPerWorker())
        let problems = try warehouse.differences(from: ReferenceModel(scenario.orders, regionIsType2: regionIsType2))
        #expect(problems.isEmpty, "seed \(seed) (\(scenario)): \(problems.joined(separator: "\n"))")
    }

    @Test(arguments: 0..<60) func sqlite(seed: Int) async throws {
        try await offThePoolInTest {
            try check(.sqlite, seed: UInt64(seed))
        }
    }

    @Test(arguments: 0..<10) func sqliteWithRegionAsType1(seed: Int) async throws {
        try await offThePoolInTest {
            try check(.sqlite, seed: UInt64(1000 + seed), regionIsType2: false)
        }
    }

    /// Concurrent transactions for real: unkeyed scenarios make workers race on the same customers.
    @Test(arguments: 0..<16) func postgresql(seed: Int) async throws {
        try await offThePoolInTest {
            try check(.postgresql, seed: UInt64(2000 + seed), schema: "scd_random_\(seed)")
        }
    }
}
