import ArgumentParser
import ClientAPI
import LocalCluster

/// `clusterctl --cluster DIR center drain|undrain|blackout|restore NAME`: an operator's drill or a
/// real incident; the change is committed, and routing, failover and failback follow it.
struct CenterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "center", abstract: "Take a center out of the network or bring it back (admin key).",
        subcommands: [Drain.self, Undrain.self, Blackout.self, Restore.self])

    struct Drain: CenterChange {
        static let configuration = CommandConfiguration(abstract: "Finish what the center holds; send it nothing new.")
        static let operation = APIOperation.centerDrain
        @OptionGroup var clusterOption: ClusterOption
        @Argument(help: "The center, e.g. wuhan.") var center: String
    }

    struct Undrain: CenterChange {
        static let configuration = CommandConfiguration(abstract: "Bring a drained center back, through failback in steps.")
        static let operation = APIOperation.centerUndrain
        @OptionGroup var clusterOption: ClusterOption
        @Argument(help: "The center, e.g. wuhan.") var center: String
    }

    struct Blackout: CenterChange {
        static let configuration = CommandConfiguration(abstract: "Declare the center dark now: its traffic follows its plan.")
        static let operation = APIOperation.centerBlackout
        @OptionGroup var clusterOption: ClusterOption
        @Argument(help: "The center, e.g. wuhan.") var center: String
    }

    struct Restore: CenterChange {
        static let configuration = CommandConfiguration(abstract: "A dark center answers again: recovering, then failback in steps.")
        static let operation = APIOperation.centerRestore
        @OptionGroup var clusterOption: ClusterOption
        @Argument(help: "The center, e.g. wuhan.") var center: String
    }
}

/// One status change of a center, sent to the leader with the admin key.
protocol CenterChange: ParsableCommand {
    static var operation: APIOperation { get }
    var clusterOption: ClusterOption { get }
    var center: String { get }
}

extension CenterChange {
    func run() throws {
        let directory = try clusterOption.requireDirectory(for: "center \(Self.operation.rawValue.dropFirst("center.".count)) \(center)")
        let answer = try AdminOutcome.report {
            try AdminCall.leader(directory: directory, Self.operation, CenterArgs(center: center), as: ContactCenterAnswer.self)
        }
        AdminOutcome.show(answer, directory: directory)
    }
}
