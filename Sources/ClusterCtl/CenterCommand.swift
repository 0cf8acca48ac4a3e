import ArgumentParser
import ClientAPI
import LocalCluster

/// `clusterctl --cluster DIR center drain|undrain|blackout|restore NAME`: an operator's drill or a
/// real incident; the change is committed, and routing, failover and failback follow it.
struct CenterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "center", abstract: "Take a center out of the network or bring it back (admin key).",
        discussion: """
            drain     finish what the center holds; send it nothing new
            undrain   bring a drained center back, through failback in steps
            blackout  declare the center dark now: its traffic follows its plan
            restore   a dark center answers again: recovering, then failback in steps
            Example: clusterctl --cluster /tmp/ifl center blackout wuhan
            Exit status: 0 when applied, 1 on errors (the node's error code on stderr).
            """)

    enum Change: String, ExpressibleByArgument, CaseIterable {
        case drain, undrain, blackout, restore

        var operation: APIOperation {
            switch self {
            case .drain: .centerDrain
            case .undrain: .centerUndrain
            case .blackout: .centerBlackout
            case .restore: .centerRestore
            }
        }
    }

    @OptionGroup var clusterOption: ClusterOption

    @Argument(help: "drain, undrain, blackout or restore.")
    var change: Change

    @Argument(help: "The center, e.g. wuhan.")
    var center: String

    func run() throws {
        let directory = try clusterOption.requireDirectory(for: "center \(change.rawValue) \(center)")
        let answer = try AdminOutcome.report {
            try AdminCall.leader(directory: directory, change.operation, CenterArgs(center: center), as: ContactCenterAnswer.self)
        }
        AdminOutcome.show(answer, directory: directory)
    }
}
