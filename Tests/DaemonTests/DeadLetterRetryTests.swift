import Testing
@testable import Daemon
@testable import StarSchema

/// A dead letter the warehouse refuses is stored without its payload; refused again, it is retried
/// like a transient failure rather than split forever.
@Suite struct DeadLetterRetryTests {
    func record(payload: [UInt8], code: RejectionCode) -> LoadRecord {
        LoadRecord(
            position: SourcePosition(topic: "orders", partition: 0, offset: 7), payload: payload,
            outcome: .failure(EventRejection(code, "x")))
    }

    @Test func onlyAStrippedWarehouseRejectionIsBare() {
        #expect(LoadWorker.isBareDeadLetter([record(payload: [], code: .warehouseRejected)]))
        #expect(!LoadWorker.isBareDeadLetter([record(payload: [1], code: .warehouseRejected)]))
        #expect(!LoadWorker.isBareDeadLetter([record(payload: [], code: .emptyMessage)]))
        #expect(
            !LoadWorker.isBareDeadLetter([
                record(payload: [], code: .warehouseRejected), record(payload: [], code: .warehouseRejected),
            ]))
    }

    @Test func nextOffsetsArePerPartitionMaximaPlusOne() {
        let records = [(0, 5), (1, 9), (0, 7), (1, 3)].map {
            LoadRecord(
                position: SourcePosition(topic: "orders", partition: Int32($0.0), offset: Int64($0.1)), payload: [],
                outcome: .failure(EventRejection(.emptyMessage, "")))
        }
        let next = BatchTransaction.nextOffsets(records)
        #expect(next.count == 2)
        #expect(next.first { $0.key.partition == 0 }?.value == 8)
        #expect(next.first { $0.key.partition == 1 }?.value == 10)
    }
}
