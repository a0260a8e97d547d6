import Daemon
import Kafka
import PrometheusScrape
import Testing

/// The Prometheus text format as the benchmark and the tests read it back.
@Suite struct PrometheusTextTests {
    @Test func samplesWithLabelsEscapesSpecialValuesAndTimestamps() throws {
        let text = """
            # HELP starsink_dead_letters_total Messages stored in STARSINK_REJECTED.
            # TYPE starsink_dead_letters_total counter
            starsink_dead_letters_total{code="invalid_json"} 3
            starsink_dead_letters_total{code="a \\"quoted\\", back\\\\slash\\nline"} 1

            starsink_batch_duration_seconds_bucket{le="0.005"} 0
            starsink_batch_duration_seconds_bucket{le="+Inf"} 12
            odd:name_total{ a = "1" , b="2", } +Inf 1700000000000
            starsink_ready\t1
            not_a_number NaN
            process_resident_memory_bytes 1.5e+08
            """
        let parsed = try PrometheusText(parsing: text)
        #expect(parsed.samples.count == 8)
        #expect(parsed.value("starsink_dead_letters_total", ["code": "invalid_json"]) == 3)
        #expect(parsed.value("starsink_dead_letters_total", ["code": "a \"quoted\", back\\slash\nline"]) == 1)
        #expect(parsed.sum("starsink_dead_letters_total") == 4)
        #expect(parsed.byLabel("starsink_batch_duration_seconds_bucket", "le") == ["0.005": 0, "+Inf": 12])
        #expect(
            parsed.samples[4]
                == .init(
                    name: "odd:name_total", labels: ["a": "1", "b": "2"], value: .infinity,
                    timestamp: 1_700_000_000_000))
        #expect(parsed.value("starsink_ready") == 1)
        #expect(parsed.value("not_a_number")?.isNaN == true)
        #expect(parsed.value("process_resident_memory_bytes") == 150_000_000)
        #expect(parsed.value("starsink_ready", ["worker": "1"]) == nil)
        #expect(parsed.sum("missing") == 0)
    }

    @Test(arguments: [
        ("ok 1\n{code=\"x\"} 1", 2, "no metric name"),
        ("a{code=\"x} 1", 1, "label code's value is not closed"),
        ("a{code=x} 1", 1, "label code has no quoted value"),
        ("a{code=\"x\" other=\"y\"} 1", 1, "no , or } after label code"),
        ("a{code=\"\\t\"} 1", 1, "unknown escape \\t in label code"),
        ("a one", 1, "not a sample value: one"),
        ("a", 1, "not a sample value: "),
        ("a 1 soon", 1, "not a timestamp: soon"),
        ("a 1 2 3", 1, "unexpected text after the sample"),
    ])
    func aLineThatIsNoSampleIsNamed(text: String, line: Int, reason: String) {
        let offending = String(text.split(separator: "\n")[line - 1])
        #expect(throws: PrometheusTextError(line: line, text: offending, reason: reason)) {
            try PrometheusText(parsing: text)
        }
    }

    /// Everything the daemon exports reads back, under the names the README and the dashboard use.
    @Test func theDaemonsOwnTextReadsBack() throws {
        let exposition = MetricsExposition.prometheus()
        let metrics = PipelineMetrics(factory: exposition.factory)
        metrics.recordBatch(
            loaded: 7, deadLetters: ["invalid_json": 2], duplicates: 1, duration: .milliseconds(30),
            produceToCommitMilliseconds: [120, 80])
        metrics.setLag(TopicPartition(topic: "orders", partition: 3), 42)
        metrics.recordWarehouseError(sqlstate: "")
        let parsed = try PrometheusText(parsing: String(decoding: exposition.render(), as: UTF8.self))
        #expect(parsed.value(MetricName.ordersLoaded) == 7)
        #expect(parsed.value(MetricName.deadLetters, ["code": "invalid_json"]) == 2)
        #expect(parsed.value(MetricName.duplicatesSkipped) == 1)
        #expect(parsed.value(MetricName.lag, ["topic": "orders", "partition": "3"]) == 42)
        #expect(parsed.value(MetricName.warehouseErrors, ["sqlstate": "none"]) == 1)
        #expect(parsed.value(MetricName.produceToCommit + "_count") == 2)
        #expect(parsed.value(MetricName.batchDuration + "_bucket", ["le": "+Inf"]) == 1)
        for name in MetricName.all where !MetricName.histograms.contains(name) {
            #expect(parsed.names.contains(name), "\(name) does not read back")
        }
    }
}
