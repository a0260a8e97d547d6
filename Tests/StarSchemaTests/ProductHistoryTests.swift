import Testing
@testable import StarSchema

/// Type 3 on products: the incremental merge (any arrival order, any batching) equals the
/// definition applied to the whole set of orders.
@Suite struct ProductHistoryTests {
    static func order(_ day: Int, _ id: String, _ category: String, product: String = "P") -> OrderEvent {
        OrderEvent.sample(id: id, at: CustomerHistoryTests.at(day), product: product, category: category)
    }

    /// The definition, straight from the README: runs over the orders sorted by event key.
    static func reference(_ orders: [OrderEvent]) -> (
        category: String, previous: String?, changedAt: Timestamp?, name: String
    ) {
        let sorted = orders.sorted { $0.eventKey < $1.eventKey }
        let last = sorted[sorted.count - 1]
        var start = sorted.count - 1
        while start > 0, sorted[start - 1].category == last.category { start -= 1 }
        return (
            last.category, start > 0 ? sorted[start - 1].category : nil, start > 0 ? sorted[start].timestamp : nil,
            last.productName
        )
    }

    /// Loads `batches` one after another the way the worker does: merge, and when asked, merge again
    /// with every loaded order key of the product.
    static func load(_ batches: [[OrderEvent]]) -> ProductState? {
        var state: ProductState?
        var loaded: [OrderEvent] = []
        for batch in batches where !batch.isEmpty {
            loaded += batch
            switch ProductHistory.merge(stored: state, orders: batch, loadedKeys: nil) {
            case .success(let merged): state = merged
            case .failure:
                state = try? ProductHistory.merge(stored: state, orders: batch, loadedKeys: loaded.map { $0.eventKey })
                    .get()
            }
        }
        return state
    }

    @Test func aLateOrderBeforeTheChangeMovesNothingButALateOneInTheGapDoes() throws {
        let first = [Self.order(1, "a", "Books"), Self.order(5, "b", "Toys")]
        var state = try #require(Self.load([first]))
        #expect(state.previousCategory == "Books" && state.categoryChangedAt == CustomerHistoryTests.at(5))
        state = try #require(Self.load([first, [Self.order(3, "c", "Toys")]]))
        #expect(state.categoryChangedAt == CustomerHistoryTests.at(3), "a late Toys order moves the change earlier")
        state = try #require(Self.load([first, [Self.order(3, "c", "Games")]]))
        #expect(state.previousCategory == "Games", "a late order reveals a different previous category")
        #expect(state.categoryChangedAt == CustomerHistoryTests.at(5))
    }

    @Test func aLateOrderInsideTheFinalRunSplitsItUsingTheLoadedFacts() throws {
        let loaded = [Self.order(1, "a", "Books"), Self.order(4, "b", "Books"), Self.order(8, "c", "Books")]
        let late = [Self.order(2, "d", "Toys")]
        #expect(throws: ProductHistory.NeedsKeys.self) {
            try ProductHistory.merge(stored: Self.load([loaded]), orders: late, loadedKeys: nil).get()
        }
        let state = try #require(Self.load([loaded, late]))
        #expect(state.category == "Books")
        #expect(state.previousCategory == "Toys")
        #expect(
            state.categoryChangedAt == CustomerHistoryTests.at(4),
            "the order right after the split starts the final run")
    }

    @Test func equalTimestampsAreOrderedByOrderID() throws {
        let state = try #require(Self.load([[Self.order(3, "o2", "Toys")], [Self.order(3, "o1", "Books")]]))
        #expect(state.category == "Toys" && state.previousCategory == "Books")
        #expect(state.runStart.orderID == "o2")
    }

    @Test(arguments: 0..<300) func anyArrivalOrderAndBatchingGivesTheDefinition(seed: Int) throws {
        var random = SplitMix(seed: UInt64(seed))
        let categories = ["A", "B", "C"]
        let count = 1 + random.below(12)
        let orders = (0..<count).map { index in
            Self.order(1 + random.below(6), "o\(index)", categories[random.below(seed % 2 == 0 ? 2 : 3)])
        }
        var shuffled = orders
        for index in shuffled.indices.reversed() { shuffled.swapAt(index, random.below(index + 1)) }
        var batches: [[OrderEvent]] = []
        var rest = shuffled[...]
        while !rest.isEmpty {
            let size = 1 + random.below(4)
            batches.append(Array(rest.prefix(size)))
            rest = rest.dropFirst(size)
        }
        let state = try #require(Self.load(batches))
        let expected = Self.reference(orders)
        #expect(state.category == expected.category)
        #expect(state.previousCategory == expected.previous)
        #expect(state.categoryChangedAt == expected.changedAt)
        #expect(state.name == expected.name)
        // Adding an order twice changes nothing.
        let again = try ProductHistory.merge(stored: state, orders: orders, loadedKeys: orders.map { $0.eventKey })
            .get()
        #expect(again == state)
    }

    /// The one-pass merge for orders newer than the row and of its category gives exactly the state,
    /// boundaries included, that adding the orders one by one gives.
    @Test(arguments: 0..<200) func theOnePassMergeEqualsAddingOneByOne(seed: Int) throws {
        var random = SplitMix(seed: UInt64(seed))
        let stored: ProductState? =
            seed % 3 == 0
            ? nil
            : try #require(Self.load([[Self.order(1, "s1", "A"), Self.order(2, "s2", seed % 3 == 1 ? "B" : "A")]]))
        let category = stored?.category ?? "A"
        let orders = (0..<(1 + random.below(8))).map { index in
            Self.order(3 + random.below(4), "o\(random.below(100))-\(index)", category)
        }
        let onePass = try #require(ProductHistory.mergeNewerOfOneCategory(stored: stored, orders: orders))
        #expect(onePass == (try ProductHistory.mergeOneByOne(stored: stored, orders: orders, loadedKeys: nil).get()))
        // Not for it: an order of another category, or one not newer than the row's last.
        #expect(
            ProductHistory.mergeNewerOfOneCategory(stored: stored, orders: orders + [Self.order(5, "x", "C")]) == nil)
        if stored != nil {
            #expect(
                ProductHistory.mergeNewerOfOneCategory(stored: stored, orders: orders + [Self.order(1, "s0", category)])
                    == nil)
        }
    }
}

extension SplitMix {
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
