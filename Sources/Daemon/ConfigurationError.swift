/// Every problem found in a configuration file, each naming the file, the key and what is wrong.
package struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    package struct Problem: Sendable, Equatable, CustomStringConvertible {
        package var file: String
        package var line: Int?
        package var key: String
        package var message: String

        package var description: String {
            "\(file)\(line.map { ":\($0)" } ?? ""): \(key.isEmpty ? "" : "\(key): ")\(message)"
        }
    }

    package var problems: [Problem]

    package var description: String { problems.map(\.description).joined(separator: "\n") }
}
