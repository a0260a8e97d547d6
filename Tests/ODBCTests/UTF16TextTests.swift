import Testing

@testable import ODBC

/// Result text decoding: the same strings as the standard library's UTF-16 decoder, lone surrogates included.
@Suite struct UTF16TextTests {
    static func decode(_ units: [UInt16]) -> String {
        units.withUnsafeBufferPointer(UTF16Text.string)
    }

    @Test(arguments: ["", "plain ascii 0123456789", "Zoë Ørsted", "東京 · 大阪", "emoji 😀 and 👍🏽", "mixed é日😀a",
                      String(repeating: "x", count: 70_000), "\u{7F}\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}"])
    func decodesLikeTheStandardLibrary(text: String) {
        #expect(Self.decode(Array(text.utf16)) == text)
    }

    @Test func replacesLoneSurrogatesLikeTheStandardLibrary() {
        for units: [UInt16] in [[0xD800], [0xDC00], [0x41, 0xD83D], [0xD83D, 0x41], [0xDE00, 0xD83D], [0xD83D, 0xD83D, 0xDE00]] {
            #expect(Self.decode(units) == String(decoding: units, as: UTF16.self), "\(units)")
        }
    }
}
