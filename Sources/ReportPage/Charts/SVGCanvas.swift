/// Builds one inline `<svg>` element. Every piece of text is escaped here, so a chart never handles
/// raw markup; coordinates are rounded to a tenth of a pixel.
package struct SVGCanvas {
    package let width: Double
    package let height: Double
    private var body: [String] = []

    package init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    private static func n(_ value: Double) -> String { NumberText.coordinate(value) }

    /// A `<title>` child: browsers show it as a tooltip, no script needed.
    private static func tooltip(_ title: String?) -> String {
        title.map { "<title>\(HTMLText.escape($0))</title>" } ?? ""
    }

    package mutating func rect(
        x: Double, y: Double, width: Double, height: Double, fill: String, title: String? = nil, cssClass: String? = nil
    ) {
        let classAttribute = cssClass.map { " class=\"\($0)\"" } ?? ""
        let attributes =
            "x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(max(0, width)))\" height=\"\(Self.n(max(0, height)))\" fill=\"\(fill)\"\(classAttribute)"
        body.append(title == nil ? "<rect \(attributes)/>" : "<rect \(attributes)>\(Self.tooltip(title))</rect>")
    }

    package mutating func circle(x: Double, y: Double, radius: Double, fill: String, title: String? = nil) {
        let attributes = "cx=\"\(Self.n(x))\" cy=\"\(Self.n(y))\" r=\"\(Self.n(radius))\" fill=\"\(fill)\""
        body.append(title == nil ? "<circle \(attributes)/>" : "<circle \(attributes)>\(Self.tooltip(title))</circle>")
    }

    package mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, cssClass: String) {
        body.append(
            "<line x1=\"\(Self.n(x1))\" y1=\"\(Self.n(y1))\" x2=\"\(Self.n(x2))\" y2=\"\(Self.n(y2))\" class=\"\(cssClass)\"/>"
        )
    }

    package enum Anchor: String { case start, middle, end }

    package mutating func text(
        _ text: String, x: Double, y: Double, anchor: Anchor = .start, cssClass: String = "label", rotate: Double? = nil
    ) {
        let transform = rotate.map { " transform=\"rotate(\(Self.n($0)) \(Self.n(x)) \(Self.n(y)))\"" } ?? ""
        body.append(
            "<text x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" text-anchor=\"\(anchor.rawValue)\" class=\"\(cssClass)\"\(transform)>\(HTMLText.escape(text))</text>"
        )
    }

    /// The finished element; `label` is what a screen reader announces for the whole chart.
    package func svg(label: String) -> String {
        "<svg viewBox=\"0 0 \(Self.n(width)) \(Self.n(height))\" role=\"img\" aria-label=\"\(HTMLText.escape(label))\">"
            + "<title>\(HTMLText.escape(label))</title>" + body.joined() + "</svg>"
    }
}
