/// Maps data values to pixels along one axis and proposes round tick values.
package protocol Scale {
    func position(_ value: Double) -> Double
    var ticks: [Double] { get }
}
