/// One horizontal bar per item with its label on the left and its value at the bar's end
/// (top customers by sales; customers by the number of regions they ordered from).
package struct HorizontalBarChart {
    package struct Item {
        package var label: String
        /// A second, quieter line under the label (a region, an order count).
        package var detail: String?
        package var value: Double
        package var valueText: String

        package init(label: String, detail: String? = nil, value: Double, valueText: String) {
            self.label = label
            self.detail = detail
            self.value = value
            self.valueText = valueText
        }
    }

    package var items: [Item]
    package var width: Double = 900
    package var rowHeight: Double = 40
    package var labelWidth: Double = 240
    package var colour = ChartPalette.accent

    package init(items: [Item]) { self.items = items }

    package func svg(label: String) -> String {
        let top = 6.0
        let height = top * 2 + rowHeight * Double(max(1, items.count))
        var canvas = SVGCanvas(width: width, height: height)
        // Room at the right for the value printed past the longest bar.
        let x = LinearScale(maximum: items.map(\.value).max() ?? 1, range: labelWidth...(width - 110), tickCount: 4)
        for tick in x.ticks {
            canvas.line(x1: x.position(tick), y1: top, x2: x.position(tick), y2: height - top, cssClass: "grid")
        }
        for (index, item) in items.enumerated() {
            let rowTop = top + Double(index) * rowHeight
            let barHeight = rowHeight * 0.6
            let barTop = rowTop + (rowHeight - barHeight) / 2
            let middle = rowTop + rowHeight / 2
            if let detail = item.detail {
                canvas.text(item.label, x: labelWidth - 10, y: middle - 2, anchor: .end, cssClass: "label")
                canvas.text(detail, x: labelWidth - 10, y: middle + 12, anchor: .end, cssClass: "tick")
            } else {
                canvas.text(item.label, x: labelWidth - 10, y: middle + 4, anchor: .end, cssClass: "label")
            }
            let end = x.position(item.value)
            canvas.rect(
                x: labelWidth, y: barTop, width: end - labelWidth, height: barHeight, fill: colour,
                title: "\(item.label): \(item.valueText)")
            canvas.text(item.valueText, x: end + 6, y: middle + 4, cssClass: "value")
        }
        canvas.line(x1: labelWidth, y1: top, x2: labelWidth, y2: height - top, cssClass: "axis")
        return canvas.svg(label: label)
    }
}
