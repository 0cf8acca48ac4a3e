import Foundation
import LocalCluster
import Testing

@Suite struct CenterNodeLocatorTests {
    @Test func prefersTheNamedPathThenTheEnvironmentThenTheExecutablesFolder() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let named = try makeStandIn(in: directory, named: "named-node", body: "exit 0")
        let fromEnvironment = try makeStandIn(in: directory, named: "env-node", body: "exit 0")
        let besideFolder = directory + "/bin"
        try FileManager.default.createDirectory(atPath: besideFolder, withIntermediateDirectories: true)
        let beside = try makeStandIn(in: besideFolder, named: "center-node", body: "exit 0")
        let environment = [CenterNodeLocator.environmentVariable: fromEnvironment]

        #expect(
            try CenterNodeLocator.locate(
                explicit: named, environment: environment, executableDirectory: besideFolder,
                currentDirectory: directory) == named)
        #expect(
            try CenterNodeLocator.locate(
                environment: environment, executableDirectory: besideFolder, currentDirectory: directory)
                == fromEnvironment)
        #expect(
            try CenterNodeLocator.locate(environment: [:], executableDirectory: besideFolder, currentDirectory: directory)
                == beside)
    }

    @Test func findsTheBuildFolderOfTheCurrentDirectory() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory + "/.build/release", withIntermediateDirectories: true)
        let built = try makeStandIn(in: directory + "/.build/release", named: "center-node", body: "exit 0")
        #expect(
            try CenterNodeLocator.locate(environment: [:], executableDirectory: nil, currentDirectory: directory) == built)
    }

    @Test func saysWhereItLookedWhenNothingIsThere() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let error = #expect(throws: LocalClusterError.self) {
            try CenterNodeLocator.locate(environment: [:], executableDirectory: directory, currentDirectory: directory)
        }
        #expect(
            error
                == .centerNodeNotFound(searched: [
                    directory + "/center-node", directory + "/.build/debug/center-node",
                    directory + "/.build/release/center-node",
                ]))
        #expect(error?.description.contains("--center-node") == true)
    }

    @Test func refusesANamedPathThatIsNotExecutable() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let plain = directory + "/plain"
        try Data("x".utf8).write(to: URL(fileURLWithPath: plain))
        #expect(throws: LocalClusterError.centerNodeNotExecutable(path: plain)) {
            try CenterNodeLocator.locate(explicit: plain, environment: [:], currentDirectory: directory)
        }
    }
}
