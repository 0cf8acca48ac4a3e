import Foundation

/// A drill report as Markdown, for people and for pasting into an incident review.
public enum DrillReportText {
    public static func markdown(_ report: DrillReport) -> String {
        var lines = [
            "# Drill \(report.id): \(report.plan.name)",
            "",
            "**Verdict: \(report.verdict.rawValue.uppercased())**" + (report.reasons.isEmpty ? "" : ": " + report.reasons.joined(separator: "; ")),
            "",
            "| figure | value |",
            "|---|---|",
            "| fault | \(report.plan.fault.kind.rawValue)\(report.plan.fault.centers.isEmpty ? "" : " of " + report.plan.fault.centers.joined(separator: ", ")) for \(report.plan.durationMs / 1000) s |",
            "| nodes hit | \(report.targetNodes.isEmpty ? "none (a change to the replicated state)" : report.targetNodes.map { "node \($0)" }.joined(separator: ", ")) |",
            "| RTO (fault to service restored) | \(report.rtoMs.map { "\($0) ms" } ?? "none: \(noRTO(report))") |",
            "| RPO (acknowledged writes lost) | \(report.audit.lost) of \(report.audit.acknowledged) (duplicated: \(report.audit.duplicated)) |",
            "| longest gap between acknowledged writes during the fault | \(report.audit.longestWriteGapMs.map { "\($0) ms" } ?? "-") |",
            "| failed attempts (retried or given up, never acknowledged) | \(report.audit.failedAttempts) |",
            "| service level outside the blast radius, before / during / after | \(level(report.serviceLevelBefore)) / \(level(report.serviceLevelDuring)) / \(level(report.serviceLevelAfter)) |",
            "",
            "## Timeline",
            "",
            "| since fault | source | what |",
            "|---:|---|---|",
        ]
        lines += report.timeline.map { "| \(seconds($0.sinceFaultMs)) | \($0.source) | \($0.what.replacingOccurrences(of: "|", with: "\\|")) |" }
        if !report.audit.examples.isEmpty {
            lines += ["", "## Audit findings", ""] + report.audit.examples.map { "- \($0)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// What a terminal shows at the end of a run.
    public static func summary(_ report: DrillReport) -> String {
        [
            "verdict: \(report.verdict.rawValue)" + (report.reasons.isEmpty ? "" : " (\(report.reasons.joined(separator: "; ")))"),
            "RTO: \(report.rtoMs.map { "\($0) ms" } ?? "none: \(noRTO(report))")",
            "RPO: \(report.audit.lost) acknowledged writes lost of \(report.audit.acknowledged), \(report.audit.duplicated) duplicated",
            "service level outside the blast radius: before \(level(report.serviceLevelBefore)), during \(level(report.serviceLevelDuring)), after \(level(report.serviceLevelAfter))",
        ].joined(separator: "\n")
    }

    static func noRTO(_ report: DrillReport) -> String {
        switch report.plan.fault.kind {
        case .brokenRoute, .slowDisk, .linkDelay: "this fault stops no service"
        default: report.faultInjectedAtMs == nil ? "no fault was injected" : "no reroute or election was committed"
        }
    }

    static func level(_ value: Double?) -> String { value.map { String(format: "%.1f %%", $0 * 100) } ?? "no traffic" }

    static func seconds(_ ms: Int64) -> String { String(format: "%+.2f s", Double(ms) / 1000) }
}
