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

extension ClusterOption {
    func requireDirectory(for command: String) throws -> String {
        guard let cluster else { throw ValidationError("name the cluster: clusterctl --cluster DIR \(command)") }
        return cluster
    }
}
