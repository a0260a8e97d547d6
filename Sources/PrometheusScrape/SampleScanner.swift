/// Reads one sample line of the Prometheus text format, left to right, character by character.
struct SampleScanner {
    struct Failure: Error {
        var reason: String
    }

    private let line: Substring
    private var position: Substring.Index

    init(_ line: Substring) {
        self.line = line
        position = line.startIndex
    }

    mutating func sample() throws(Failure) -> PrometheusText.Sample {
        let name = identifier(allowingColons: true)
        guard !name.isEmpty else { throw Failure(reason: "no metric name") }
        var labels: [String: String] = [:]
        if peek == "{" {
            advance()
            labels = try labelSet()
        }
        skipBlanks()
        let valueText = token()
        guard let value = Self.value(valueText) else { throw Failure(reason: "not a sample value: \(valueText)") }
        skipBlanks()
        var timestamp: Int64?
        if !isAtEnd {
            let timestampText = token()
            guard let milliseconds = Int64(timestampText) else {
                throw Failure(reason: "not a timestamp: \(timestampText)")
            }
            timestamp = milliseconds
            skipBlanks()
        }
        guard isAtEnd else { throw Failure(reason: "unexpected text after the sample") }
        return PrometheusText.Sample(name: name, labels: labels, value: value, timestamp: timestamp)
    }

    /// `label="value",…}` after the opening brace; a trailing comma is allowed, as the format allows it.
    private mutating func labelSet() throws(Failure) -> [String: String] {
        var labels: [String: String] = [:]
        while true {
            skipBlanks()
            if peek == "}" {
                advance()
                return labels
            }
            let label = identifier(allowingColons: false)
            guard !label.isEmpty else { throw Failure(reason: "no label name") }
            skipBlanks()
            guard peek == "=" else { throw Failure(reason: "no = after label \(label)") }
            advance()
            skipBlanks()
            guard peek == "\"" else { throw Failure(reason: "label \(label) has no quoted value") }
            advance()
            labels[label] = try quotedRest(of: label)
            skipBlanks()
            if peek == "," {
                advance()
            } else if peek != "}" {
                throw Failure(reason: "no , or } after label \(label)")
            }
        }
    }

    /// The rest of a label value after its opening quote, unescaped, up to and past the closing quote.
    private mutating func quotedRest(of label: String) throws(Failure) -> String {
        var value = ""
        while let character = peek {
            advance()
            switch character {
            case "\"":
                return value
            case "\\":
                guard let escaped = peek else { break }
                advance()
                switch escaped {
                case "n": value.append("\n")
                case "\\", "\"": value.append(escaped)
                default: throw Failure(reason: "unknown escape \\\(escaped) in label \(label)")
                }
            default:
                value.append(character)
            }
        }
        throw Failure(reason: "label \(label)'s value is not closed")
    }

    /// `[a-zA-Z_:][a-zA-Z0-9_:]*` for metric names, without the colons for label names.
    private mutating func identifier(allowingColons: Bool) -> String {
        let start = position
        while let character = peek, character.isASCII,
            character.isLetter || character == "_" || (allowingColons && character == ":")
                || (position != start && character.isNumber)
        {
            advance()
        }
        return String(line[start..<position])
    }

    private mutating func token() -> Substring {
        let start = position
        while let character = peek, character != " ", character != "\t" { advance() }
        return line[start..<position]
    }

    /// A Go `ParseFloat` value as exporters write it, including `NaN`, `+Inf` and `-Inf`.
    static func value(_ text: Substring) -> Double? {
        switch text {
        case "NaN": .nan
        case "+Inf", "Inf": .infinity
        case "-Inf": -.infinity
        default: text.isEmpty ? nil : Double(text)
        }
    }

    private var peek: Character? { isAtEnd ? nil : line[position] }
    private var isAtEnd: Bool { position == line.endIndex }
    private mutating func advance() { position = line.index(after: position) }
    private mutating func skipBlanks() { while peek == " " || peek == "\t" { advance() } }
}
