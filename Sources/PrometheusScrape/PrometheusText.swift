/// The Prometheus text exposition format (version 0.0.4) read back into samples: what a scraper sees.
///
/// `# HELP`, `# TYPE` and other comment lines are skipped; every other non-empty line must be a sample,
/// `name{label="value",…} value [timestamp]`, with `\\`, `\"` and `\n` escaped in label values and
/// `NaN`, `+Inf` and `-Inf` as values. A line that is none of these is an error naming it, so a
/// change in what the daemon writes fails loudly rather than reading as a missing series.
package struct PrometheusText: Sendable, Equatable {
    package struct Sample: Sendable, Equatable {
        package var name: String
        package var labels: [String: String]
        package var value: Double
        /// Milliseconds since the epoch, when the exporter wrote one (starsink's does not).
        package var timestamp: Int64?

        package init(name: String, labels: [String: String] = [:], value: Double, timestamp: Int64? = nil) {
            self.name = name
            self.labels = labels
            self.value = value
            self.timestamp = timestamp
        }
    }

    package private(set) var samples: [Sample] = []

    package init(parsing text: String) throws(PrometheusTextError) {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            var scanner = SampleScanner(trimmed)
            do {
                samples.append(try scanner.sample())
            } catch {
                throw PrometheusTextError(line: index + 1, text: String(line), reason: error.reason)
            }
        }
    }

    /// Every metric name that has a sample (a histogram's `_bucket`, `_sum` and `_count` separately).
    package var names: Set<String> { Set(samples.map(\.name)) }

    /// The first sample of `name` whose labels include `labels`, or nil.
    package func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { sample in
            sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value }
        }?.value
    }

    /// Every sample of `name`, summed (0 when there is none).
    package func sum(_ name: String) -> Double { samples.filter { $0.name == name }.reduce(0) { $0 + $1.value } }

    /// `name`'s samples summed by the value of one label ("" for samples without it).
    package func byLabel(_ name: String, _ label: String) -> [String: Double] {
        var result: [String: Double] = [:]
        for sample in samples where sample.name == name {
            result[sample.labels[label] ?? "", default: 0] += sample.value
        }
        return result
    }
}

/// A line of the text format that is not a sample, with its 1-based number.
package struct PrometheusTextError: Error, Sendable, Equatable, CustomStringConvertible {
    package var line: Int
    package var text: String
    package var reason: String

    package init(line: Int, text: String, reason: String) {
        self.line = line
        self.text = text
        self.reason = reason
    }

    package var description: String { "Prometheus text, line \(line): \(reason): \(text.prefix(200))" }
}
