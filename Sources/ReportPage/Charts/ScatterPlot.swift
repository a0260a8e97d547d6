/// Points on two logarithmic axes, coloured by series, each with a tooltip (product performance:
/// average price against quantity sold). Log–log because both span orders of magnitude.
package struct ScatterPlot {
    package struct Point {
        package var x: Double
        package var y: Double
        package var series: String
        package var title: String

        package init(x: Double, y: Double, series: String, title: String) {
            self.x = x
            self.y = y
            self.series = series
            self.title = title
        }
    }

    package var points: [Point]
    package var palette: ChartPalette
    package var xTitle: String
    package var yTitle: String
    package var width: Double = 900
    package var height: Double = 440

    package init(points: [Point], palette: ChartPalette, xTitle: String, yTitle: String) {
        self.points = points
        self.palette = palette
        self.xTitle = xTitle
        self.yTitle = yTitle
    }

    package func svg(label: String) -> String {
        let margin = (left: 64.0, right: 16.0, top: 12.0, bottom: 48.0)
        var canvas = SVGCanvas(width: width, height: height)
        let positive = points.filter { $0.x > 0 && $0.y > 0 }
        let x = LogScale(
            minimum: positive.map(\.x).min() ?? 1, maximum: positive.map(\.x).max() ?? 10,
            range: margin.left...(width - margin.right))
        let y = LogScale(
            minimum: positive.map(\.y).min() ?? 1, maximum: positive.map(\.y).max() ?? 10,
            range: margin.top...(height - margin.bottom), inverted: true)
        let plotBottom = height - margin.bottom
        for tick in x.ticks {
            canvas.line(x1: x.position(tick), y1: margin.top, x2: x.position(tick), y2: plotBottom, cssClass: "grid")
            canvas.text(
                NumberText.short(tick), x: x.position(tick), y: plotBottom + 16, anchor: .middle, cssClass: "tick")
        }
        for tick in y.ticks {
            canvas.line(
                x1: margin.left, y1: y.position(tick), x2: width - margin.right, y2: y.position(tick), cssClass: "grid")
            canvas.text(
                NumberText.short(tick), x: margin.left - 6, y: y.position(tick) + 4, anchor: .end, cssClass: "tick")
        }
        canvas.line(x1: margin.left, y1: plotBottom, x2: width - margin.right, y2: plotBottom, cssClass: "axis")
        canvas.line(x1: margin.left, y1: margin.top, x2: margin.left, y2: plotBottom, cssClass: "axis")
        canvas.text(
            xTitle, x: (margin.left + width - margin.right) / 2, y: height - 8, anchor: .middle, cssClass: "axis-title")
        canvas.text(
            yTitle, x: 16, y: (margin.top + plotBottom) / 2, anchor: .middle, cssClass: "axis-title", rotate: -90)
        for point in positive {
            canvas.circle(
                x: x.position(point.x), y: y.position(point.y), radius: 3.5, fill: palette.colour(point.series),
                title: point.title)
        }
        return canvas.svg(label: label)
    }
}
