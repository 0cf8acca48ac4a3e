import ArgumentParser

@main
struct ClusterCtl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clusterctl",
        abstract: "Inspect, drill and run Interflow clusters.",
        subcommands: [
            SimCommand.self, LocalCommand.self, StatusCommand.self, LeaderCommand.self, MemberCommand.self,
            RouteCommand.self, TopologyCommand.self, CenterCommand.self, AgentCommand.self, SettingsCommand.self, PlanCommand.self, TicketCommand.self, ContactCommand.self, HealthCommand.self, EventsCommand.self, FaultCommand.self, DrillCommand.self, ConfigCommand.self, LoadCommand.self, ChaosCommand.self, KeysCommand.self, LabCommand.self,
        ])

    @OptionGroup var clusterOption: ClusterOption
}
