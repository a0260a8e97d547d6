/// Text made safe for HTML: everything that reaches the page from data (customer and product names,
/// categories, regions) goes through `escape`, in element content and in attribute values alike.
package enum HTMLText {
    /// Escapes the five characters HTML gives meaning to, and replaces C0 controls other than tab,
    /// line feed and carriage return (and U+007F) with U+FFFD: a browser would report them as parse errors.
    package static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            case "\u{0}"..."\u{1F}", "\u{7F}": out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
