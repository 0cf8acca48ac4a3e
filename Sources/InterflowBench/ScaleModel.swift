import ContactCenter
import Foundation

/// The contact-center model of the scale state, built in this process by the model's own `apply`
/// and checked against its rules, so that the image the nodes start from is one they accept.
enum ScaleModel {
    /// Patience and the unattended-channel window stretched to a day: with nobody logged in, the
    /// real windows (10 and 2 minutes) would abandon or re-home the whole queue halfway through the
    /// run, and the figures would describe that cascade instead of a steady 100,000-contact queue.
    static let steadyWindowMs: Int64 = 24 * 3_600_000

    static func settings() -> StateSettings {
        var settings = StateSettings()
        settings.channelUnstaffedDarkAfterMs = steadyWindowMs
        settings.staffAbsentDarkAfterMs = steadyWindowMs
        return settings
    }

    /// china-2020 with the patience of `steadyWindowMs`; every other rule as the file says.
    static func topology(from path: String) throws -> Topology {
        var topology = try JSONDecoder().decode(Topology.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        topology.policy.patienceMs = Int(steadyWindowMs)
        return topology
    }

    /// A queue of `contacts`, with no agent logged in so that all stay queued, stamped one
    /// millisecond apart and ending near `endMs`, as if they had arrived over the last minutes.
    static func build(topology: Topology, contacts: Int, endMs: Int64) throws -> ContactCenterState {
        var model = try ContactCenterState(topology: topology, settings: settings())
        let branches = topology.centers.flatMap(\.branches)
        var random = SplitMix64(seed: 5)
        for number in 0..<contacts {
            let command = Command.enqueue(
                channel: channel(random.below(100)), branch: branches[random.below(branches.count)],
                segment: segment(random.below(100)), skill: "general")
            guard model.apply(command, atMs: endMs - Int64(contacts - number)).isApplied else {
                throw ScaleSetupError.enqueueRefused(number: number, live: model.contacts.count)
            }
        }
        guard model.contacts.count == contacts else {
            throw ScaleSetupError.modelCount(expected: contacts, found: model.contacts.count)
        }
        if let violation = model.invariantViolations().first {
            throw ScaleSetupError.modelBroken("\(violation)")
        }
        return model
    }

    /// Roughly the mix of a bank's inbound: mostly voice, then chat.
    private static func channel(_ percentile: Int) -> Channel {
        switch percentile {
        case ..<55: .voice
        case ..<80: .chat
        case ..<88: .sms
        case ..<95: .email
        default: .callback
        }
    }

    private static func segment(_ percentile: Int) -> Segment {
        switch percentile {
        case ..<1: .emergency
        case ..<6: .greenChannel
        default: .normal
        }
    }
}
