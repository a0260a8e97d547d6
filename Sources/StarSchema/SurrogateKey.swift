/// Surrogate keys that are a deterministic function of the natural key and the version start, so
/// replays, re-partitioning and history rebuilds produce the same keys without a sequence.
package enum SurrogateKey {
    /// FNV-1a (64-bit) of `customer_id NUL valid_from-µs`, folded to a positive BIGINT.
    package static func customer(_ customerID: String, validFrom: Timestamp) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        for byte in customerID.utf8 { mix(byte) }
        mix(0)
        var micros = UInt64(bitPattern: validFrom.microseconds)
        for _ in 0..<8 {
            mix(UInt8(truncatingIfNeeded: micros))
            micros >>= 8
        }
        // A final avalanche step spreads FNV's weak low bits before dropping the sign bit.
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        return Int64(bitPattern: hash & 0x7fff_ffff_ffff_ffff)
    }
}
