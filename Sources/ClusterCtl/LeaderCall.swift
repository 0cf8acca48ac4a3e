import ArgumentParser
import ClientAPI
import LocalCluster

/// A call from the CLI to the leader of a local cluster, with the cluster's admin key: errors on
/// stderr with the API's code, exit code 3 without a leader or quorum, 1 for any other failure.
enum LeaderCall {
    static func run<Args: Codable & Sendable, Result: Codable & Sendable>(
        _ clusterOption: ClusterOption, _ command: String, _ op: APIOperation, _ args: Args, as: Result.Type
    ) throws -> Result {
        let directory = try clusterOption.requireDirectory(for: command)
        do {
            return try AdminCall.leader(directory: directory, op, args, as: Result.self)
        } catch let error as LocalClusterError {
            throw error.exit()
        } catch let error as APIError {
            printError("error: \(error)")
            throw error.code == .noQuorum ? ExitCode(StatusCommand.noLeaderExitCode) : ExitCode.failure
        }
    }

    /// A ticket write's answer: the ticket with the lines it added, and where it was applied.
    static func show(_ result: TicketWriteResult, _ output: OutputFormat) {
        if output == .json { return print(PrettyJSON.string(result)) }
        print(TicketText.ticket(result.ticket))
        print("applied at index \(result.appliedIndex)")
    }

    /// A contact-center write's answer: what changed, then where it was applied.
    static func show(_ answer: ContactCenterAnswer, _ output: OutputFormat, directory: String) {
        if output == .json { return print(PrettyJSON.string(answer)) }
        AdminOutcome.show(answer, directory: directory)
    }
}
