/// Vertical bars, one per x label, each stacked from its series' values (monthly sales by category).
///
/// Small multiples pass one shared `maximum` so that their bars compare by height across charts.
package struct StackedBarChart {
    package struct Bar {
        package var label: String
        /// The value of each series in this bar, keyed by series name; absent means zero.
        package var values: [String: Double]
        package var total: Double { values.values.reduce(0, +) }

        package init(label: String, values: [String: Double]) {
            self.label = label
            self.values = values
        }
    }

    package var bars: [Bar]
    package var palette: ChartPalette
    package var width: Double = 900
    package var height: Double = 320
    /// The top of the y axis; defaults to the tallest bar.
    package var maximum: Double?
    /// Small multiples: fewer ticks, smaller labels.
    package var compact = false
    /// How a value reads in tooltips, e.g. money with a currency-free two-decimal format.
    package var valueText: (Double) -> String = { NumberText.short($0) }

    package init(bars: [Bar], palette: ChartPalette) {
        self.bars = bars
        self.palette = palette
    }

    package func svg(label: String) -> String {
        let margin = (left: compact ? 36.0 : 56.0, right: 8.0, top: 10.0, bottom: compact ? 20.0 : 28.0)
        var canvas = SVGCanvas(width: width, height: height)
        let plotBottom = height - margin.bottom
        let y = LinearScale(
            maximum: maximum ?? bars.map(\.total).max() ?? 1, range: margin.top...plotBottom,
            inverted: true, tickCount: compact ? 3 : 5)
        for tick in y.ticks {
            canvas.line(
                x1: margin.left, y1: y.position(tick), x2: width - margin.right, y2: y.position(tick), cssClass: "grid")
            canvas.text(
                NumberText.short(tick), x: margin.left - 6, y: y.position(tick) + 4, anchor: .end, cssClass: "tick")
        }
        let slot = (width - margin.left - margin.right) / Double(max(1, bars.count))
        let barWidth = slot * 0.72
        for (index, bar) in bars.enumerated() {
            let x = margin.left + Double(index) * slot + (slot - barWidth) / 2
            var base = 0.0
            for name in palette.names {
                guard let value = bar.values[name], value > 0 else { continue }
                let top = y.position(base + value)
                canvas.rect(
                    x: x, y: top, width: barWidth, height: y.position(base) - top, fill: palette.colour(name),
                    title: "\(bar.label) · \(name): \(valueText(value))")
                base += value
            }
            if !compact || index % 2 == 0 {
                canvas.text(
                    bar.label, x: x + barWidth / 2, y: plotBottom + (compact ? 13 : 17), anchor: .middle,
                    cssClass: "tick")
            }
        }
        canvas.line(x1: margin.left, y1: plotBottom, x2: width - margin.right, y2: plotBottom, cssClass: "axis")
        return canvas.svg(label: label)
    }
}
