import Testing

@testable import ODBC

/// The one UTF-16 transcoder each way: decoding gives the same strings as the standard library's UTF-16 decoder,
/// lone surrogates included; encoding the same units as `String.utf16`; and text survives the round trip.
@Suite struct UTF16TextTests {
    static func decode(_ units: [UInt16]) -> String {
        units.withUnsafeBufferPointer(UTF16Text.string)
    }

    static let texts = [
        "", "plain ascii 0123456789", "Zoë Ørsted", "東京 · 大阪", "emoji 😀 and 👍🏽", "mixed é日😀a",
        String(repeating: "x", count: 70_000), "\u{7F}\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}",
    ]

    @Test(arguments: texts)
    func decodesLikeTheStandardLibrary(text: String) {
        #expect(Self.decode(Array(text.utf16)) == text)
    }

    @Test(arguments: texts)
    func encodesLikeTheStandardLibrary(text: String) {
        #expect(UTF16Text.units(text) == Array(text.utf16))
    }

    /// UTF-8 → UTF-16 → UTF-8 through the two implementations every caller uses: one- to four-byte
    /// sequences, surrogate pairs (astral characters) next to each other and to ASCII, a NUL inside.
    @Test(arguments: texts + ["😀😀", "a😀", "😀a", "\u{10000}\u{10FFFF}\u{FFFD}", "NUL \u{0} inside", "Søren 山田 🇳🇴 ∑"])
    func roundTrips(text: String) {
        let units = UTF16Text.units(text)
        #expect(units.count == text.utf16.count)
        #expect(Self.decode(units) == text)
    }

    @Test func stopsAtTheDriversNUL() {
        #expect(UTF16Text.string(upToNUL: (UTF16Text.units("HY000") + [0, 0x41])[...]) == "HY000")
        #expect(UTF16Text.string(upToNUL: UTF16Text.units("日本 😀")[...]) == "日本 😀")
        #expect(UTF16Text.string(upToNUL: [0, 0x41][...]) == "")
        #expect(UTF16Text.string(upToNUL: [0x41, 0xD83D, 0][...]) == "A\u{FFFD}")
    }

    @Test func replacesLoneSurrogatesLikeTheStandardLibrary() {
        for units: [UInt16] in [
            [0xD800], [0xDC00], [0x41, 0xD83D], [0xD83D, 0x41], [0xDE00, 0xD83D], [0xD83D, 0xD83D, 0xDE00],
        ] {
            #expect(Self.decode(units) == String(decoding: units, as: UTF16.self), "\(units)")
        }
    }
}
