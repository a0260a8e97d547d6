/// Why a payload is not valid JSON, and where.
struct JSONSyntaxError: Error {
    var offset: Int
    var problem: String
    /// A `\uD800`-style escape without its partner: grammatical JSON that still cannot be
    /// represented as UTF-8, reported as invalid UTF-8 rather than invalid JSON.
    var isLoneSurrogate: Bool
}
