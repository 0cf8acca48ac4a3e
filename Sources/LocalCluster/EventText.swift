import ClientAPI
import Foundation

/// `clusterctl events` for people: one line per decision, oldest first, like `kubectl get events`.
public enum EventText {
    public static func line(_ event: EventRecord, timeZone: TimeZone = .current) -> String {
        let center = event.center.map { " \($0)" } ?? ""
        // The founding membership comes before any clock: no time to show.
        let time = event.atMs == 0 ? "(before any clock)".padding(toLength: 19, withPad: " ", startingAt: 0) : TicketText.time(event.atMs, timeZone)
        return "\(time)  #\(event.index)  \(event.kind.rawValue)\(center): \(event.text)  [\(event.cause)]"
    }

    /// "90s", "10m", "2h", "1d" as milliseconds; nil for anything else.
    public static func durationMs(_ text: String) -> Int64? {
        let units: [Character: Int64] = ["s": 1_000, "m": 60_000, "h": 3_600_000, "d": 86_400_000]
        guard let unit = text.last.flatMap({ units[$0] }), let amount = Int64(text.dropLast()), amount >= 0,
            amount <= Int64.max / unit
        else { return nil }
        return amount * unit
    }
}
