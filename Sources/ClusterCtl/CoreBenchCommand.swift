import ArgumentParser
struct CoreBenchCommand: ParsableCommand { static let configuration = CommandConfiguration(commandName: "core") }
