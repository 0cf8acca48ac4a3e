import Foundation

/// A drill report as one self-contained HTML page: the Markdown's figures and timeline, and an
/// inline SVG chart of each center's traffic share, queue and service level over time. No script,
/// no external asset: it opens from a mail attachment on a locked-down laptop.
public enum DrillReportPage {
    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]

    public static func html(_ report: DrillReport) -> String {
        let rows = report.timeline.map {
            "<tr><td>\(DrillReportText.seconds($0.sinceFaultMs))</td><td>\(escape($0.source))</td><td>\(escape($0.what))</td></tr>"
        }.joined(separator: "\n")
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Drill \(escape(report.id))</title>
            <style>body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}
            .verdict{font-size:1.3em;font-weight:bold}.held{color:#2ca02c}.deviated{color:#ff7f0e}.aborted,.not-started{color:#d62728}</style></head>
            <body><h1>Drill \(escape(report.id)): \(escape(report.plan.name))</h1>
            <p class="verdict \(report.verdict.rawValue)">\(report.verdict.rawValue.uppercased())</p>
            <p>\(escape(report.reasons.joined(separator: "; ")))</p>
            <pre>\(escape(DrillReportText.summary(report)))</pre>
            \(chart(report, title: "traffic share", value: { $0.trafficShare }, maximum: 1))
            \(chart(report, title: "queue length", value: { Double($0.queueLength) }, maximum: nil))
            \(chart(report, title: "service level", value: { $0.serviceLevel }, maximum: 1))
            <h2>Timeline</h2><table><tr><th>since fault</th><th>source</th><th>what</th></tr>
            \(rows)
            </table></body></html>

            """
    }

    /// One line per center over the samples, with the fault's window shaded.
    static func chart(
        _ report: DrillReport, title: String, value: (DrillReport.CenterSample) -> Double?, maximum: Double?
    ) -> String {
        let width = 800.0
        let height = 160.0
        guard let first = report.samples.first?.sinceFaultMs, let last = report.samples.last?.sinceFaultMs, last > first else {
            return "<p>\(escape(title)): no samples</p>"
        }
        let centers = Array(Set(report.samples.flatMap { $0.centers.map(\.center) })).sorted()
        let peak = maximum ?? max(1, report.samples.flatMap { $0.centers.compactMap(value) }.max() ?? 1)
        func x(_ ms: Int64) -> Double { (Double(ms - first) / Double(last - first)) * width }
        func y(_ v: Double) -> Double { height - min(v, peak) / peak * height }
        var shapes: [String] = []
        if let removed = report.faultRemovedAtMs, let injected = report.faultInjectedAtMs {
            let start = max(0, x(0))
            let end = min(width, x(removed - injected))
            shapes.append("<rect x=\"\(format(start))\" y=\"0\" width=\"\(format(max(0, end - start)))\" height=\"\(format(height))\" fill=\"#f2d7d5\"/>")
        }
        var legend: [String] = []
        for (index, center) in centers.enumerated() {
            let colour = palette[index % palette.count]
            let points = report.samples.compactMap { sample -> String? in
                guard let found = sample.centers.first(where: { $0.center == center }), let v = value(found) else { return nil }
                return "\(format(x(sample.sinceFaultMs))),\(format(y(v)))"
            }
            guard !points.isEmpty else { continue }
            shapes.append("<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.5\" points=\"\(points.joined(separator: " "))\"/>")
            legend.append("<span style=\"color:\(colour)\">■ \(escape(center))</span>")
        }
        return """
            <h2>\(escape(title))</h2><svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" style="border:1px solid #ccc">
            \(shapes.joined(separator: "\n"))
            </svg><p>\(legend.joined(separator: " ")) (0 to \(format(peak)); shaded: the fault)</p>
            """
    }

    static func format(_ value: Double) -> String { String(format: "%.1f", value) }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
