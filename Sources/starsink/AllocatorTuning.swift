/// glibc malloc settings for the daemon's batch rhythm.
///
/// Every batch builds and frees the same large buffers (column arrays, array literals, decoded
/// events). By default glibc hands the top of the heap back to the kernel once 128 KiB–64 MiB lie
/// free, and the next batch faults every page in again: that page-fault work measured 6% of the
/// daemon's CPU (perf, 100k orders into PostgreSQL). Up to 64 MiB per arena stays mapped between
/// batches for the next one to reuse; the peak RSS measured with it was 140 MiB against 127–130 MiB
/// without (one run each on a loaded machine), so it may cost some memory as well as saving CPU.
enum AllocatorTuning {
    static let keptFreeBytes: Int32 = 64 << 20

    static func apply() {
        #if os(Linux)
            _ = glibcMallopt(mTrimThreshold, keptFreeBytes)
            // Fixed, so buffers of a few MiB stay in the heap instead of being mapped and unmapped per batch.
            _ = glibcMallopt(mMmapThreshold, 32 << 20)
        #endif
    }

    // <malloc.h> is not part of Swift's Glibc module; its ABI is stable: int mallopt(int, int).
    private static let mTrimThreshold: Int32 = -1
    private static let mMmapThreshold: Int32 = -3
}

#if os(Linux)
    @_silgen_name("mallopt")
    private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
