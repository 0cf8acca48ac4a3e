import ContactCenter
import Foundation

/// The options of `clusterctl plan capacity` that carry a figure per channel or per center.
public enum CapacityOptions {
    /// The demand the options describe over `topology`'s policy (read from `file`, named in errors).
    public static func demand(
        topology: Topology, file: String, arrivalsPerHour: String, centerArrivalsPerHour: [String], handleSeconds: String?,
        target: String?, shrinkagePercent: Double
    ) throws -> CapacityDemand {
        var demand = CapacityDemand(
            policy: topology.policy, arrivalsPerHourPerBranch: try channelFigures(arrivalsPerHour, option: "--arrivals-per-hour"))
        for text in centerArrivalsPerHour {
            let (center, figures) = try centerFigures(text, option: "--center-arrivals-per-hour")
            guard topology.center(center) != nil else {
                throw CapacityOptionError("--center-arrivals-per-hour: \(file) has no center \(center)")
            }
            demand.centerArrivalsPerHour[center] = figures
        }
        if let handleSeconds {
            demand.averageHandleSeconds.merge(try channelFigures(handleSeconds, option: "--handle-seconds")) { $1 }
        }
        if let target {
            (demand.serviceLevelTarget, demand.thresholdSeconds) = try serviceLevelTarget(target)
        }
        demand.shrinkage = shrinkagePercent / 100
        if let problem = demand.problem { throw CapacityOptionError(problem) }
        return demand
    }

    /// "voice=600,chat=200" → [voice: 600, chat: 200]; the error names `option` and the bad part.
    public static func channelFigures(_ text: String, option: String) throws -> [Channel: Double] {
        var figures: [Channel: Double] = [:]
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, let channel = Channel(rawValue: pair[0]) else {
                throw CapacityOptionError(
                    "\(option): '\(part)' is not CHANNEL=NUMBER with CHANNEL one of \(Channel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let value = Double(pair[1]), value >= 0, value.isFinite else {
                throw CapacityOptionError("\(option): '\(pair[1])' for \(channel.rawValue) is not a number of 0 or more")
            }
            guard figures.updateValue(value, forKey: channel) == nil else {
                throw CapacityOptionError("\(option): \(channel.rawValue) is given twice")
            }
        }
        return figures
    }

    /// "wuhan:voice=3000,chat=900" → ("wuhan", [voice: 3000, chat: 900]).
    public static func centerFigures(_ text: String, option: String) throws -> (center: String, figures: [Channel: Double]) {
        let pair = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard pair.count == 2, !pair[0].isEmpty else {
            throw CapacityOptionError("\(option): '\(text)' is not CENTER:CHANNEL=NUMBER,...")
        }
        return (pair[0], try channelFigures(pair[1], option: option))
    }

    /// "80/20" → 80 % within 20 s, as (0.8, 20).
    public static func serviceLevelTarget(_ text: String) throws -> (share: Double, seconds: Double) {
        let pair = text.split(separator: "/", maxSplits: 1).map(String.init)
        guard pair.count == 2, let percent = Double(pair[0]), let seconds = Double(pair[1]), percent > 0, percent < 100, seconds >= 0,
            seconds.isFinite
        else {
            throw CapacityOptionError(
                "--target: '\(text)' is not PERCENT/SECONDS (e.g. 80/20: 80 % answered within 20 s; the percent above 0 and below 100)")
        }
        return (percent / 100, seconds)
    }
}

/// A figure given to `clusterctl plan capacity` that it cannot use, said for the option typed.
public struct CapacityOptionError: Error, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
