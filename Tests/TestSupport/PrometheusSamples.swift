import Foundation

/// Prometheus text format, read back: each sample line as name, labels and value (`# HELP`/`# TYPE` skipped).
package struct PrometheusSamples: Sendable {
    package struct Sample: Sendable, Equatable {
        package var name: String
        package var labels: [String: String]
        package var value: Double
    }

    package var samples: [Sample] = []

    package init(_ text: String) {
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.isEmpty {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            let series = line[..<space]
            var labels: [String: String] = [:]
            var name = String(series)
            if let brace = series.firstIndex(of: "{"), series.hasSuffix("}") {
                name = String(series[..<brace])
                let inner = series[series.index(after: brace)..<series.index(before: series.endIndex)]
                for pair in inner.split(separator: ",") {
                    let parts = pair.split(separator: "=", maxSplits: 1)
                    guard parts.count == 2 else { continue }
                    labels[String(parts[0])] = String(parts[1].trimmingCharacters(in: ["\""]))
                }
            }
            samples.append(Sample(name: name, labels: labels, value: value))
        }
    }

    package var names: Set<String> { Set(samples.map(\.name)) }

    /// The one sample of `name` whose labels include `labels`, or nil.
    package func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { sample in sample.name == name && labels.allSatisfy { key, value in sample.labels[key] == value } }?.value
    }

    /// Every sample of `name`, summed.
    package func sum(_ name: String) -> Double { samples.filter { $0.name == name }.reduce(0) { $0 + $1.value } }

    /// `name`'s samples keyed by the value of one label.
    package func byLabel(_ name: String, _ label: String) -> [String: Double] {
        var result: [String: Double] = [:]
        for sample in samples where sample.name == name { result[sample.labels[label] ?? "", default: 0] += sample.value }
        return result
    }
}
