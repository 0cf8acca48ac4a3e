import Foundation

/// When a state began, as an operator reads it at 3 am: the time of day in their zone and how long
/// ago, since the clock time alone does not say which day.
struct SinceText {
    var now: Date
    var timeZone: TimeZone

    func text(_ sinceMs: Int64) -> String {
        let since = Date(timeIntervalSince1970: Double(sinceMs) / 1000)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.hour, .minute, .second], from: since)
        let clock = String(format: "%02d:%02d:%02d", parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
        // The leader's clock may run a little ahead of this machine's.
        let agoMs = max(0, Int64(now.timeIntervalSince(since) * 1000))
        return "since \(clock), \(ServiceFigureText.wait(milliseconds: agoMs))"
    }
}
