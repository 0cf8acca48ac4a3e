import ArgumentParser
import ClientAPI
import LocalCluster

/// Admin commands end with one line on stderr and exit code 1 on any failure: the API's error
/// code and message as the node gave them, or the local problem.
enum AdminOutcome {
    static func report<Result>(_ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch let error as LocalClusterError {
            throw error.exit()
        } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
    }
}

extension AdminOutcome {
    /// A contact-center change as an operator reads it: what happened, then where to watch.
    static func show(_ answer: ContactCenterAnswer, directory: String) {
        for event in answer.events { print(event) }
        print("applied at index \(answer.appliedIndex); watch: clusterctl --cluster \(directory) status")
    }
}

extension ClusterOption {
    func requireDirectory(for command: String) throws -> String {
        guard let cluster else { throw ValidationError("name the cluster: clusterctl --cluster DIR \(command)") }
        try Self.refuseLabFromOutside(cluster, command: command)
        return cluster
    }

    /// A lab's nodes live in namespaces reachable only from its operations namespace: from anywhere
    /// else every call would time out, so say where to run the command instead.
    static func refuseLabFromOutside(_ cluster: String, command: String) throws {
        guard let state = try? LocalClusterState.load(directory: cluster), state.lab != nil, !LabNetwork.runsInOpsNamespace() else { return }
        throw ValidationError(
            "\(cluster) is a WAN lab cluster, reachable only from its namespace: "
                + LabNetwork.hint("clusterctl --cluster \(cluster) \(command)"))
    }
}
