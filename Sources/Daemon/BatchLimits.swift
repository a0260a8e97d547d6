/// Batch limits, changed live by a reload while workers run.
package struct BatchLimits: Sendable, Equatable {
    package var maxRecords: Int
    package var maxBytes: Int
    package var maxWait: Duration

    package init(_ pipeline: Configuration.Pipeline) {
        maxRecords = pipeline.batchMaxRecords
        maxBytes = pipeline.batchMaxBytes
        maxWait = .milliseconds(pipeline.batchMaxWaitMilliseconds)
    }
}
