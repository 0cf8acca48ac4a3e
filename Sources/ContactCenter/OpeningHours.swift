/// When a center, or one channel of it, is meant to be staffed: days of the week and one daily
/// window in a fixed UTC offset. Outside it nobody present is normal, not an outage. A fixed offset
/// rather than a zone name, because every node must compute the same answer from the log alone,
/// whatever its time-zone database; the 2020 network's zone (China) keeps no daylight saving time.
/// In a file: `"24/7"`, or `{"timeZone": "+08:00", "days": ["mon", ..., "fri"], "open": "08:00",
/// "close": "20:00"}`; a close at or before the open crosses midnight, `"24:00"` ends the day.
public struct OpeningHours: Sendable, Equatable, Codable {
    public var timeZone: String
    public var days: [String]
    public var open: String
    public var close: String

    public static let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    public static let always = OpeningHours(timeZone: "+00:00", days: weekdays, open: "00:00", close: "24:00")

    public init(timeZone: String, days: [String] = weekdays, open: String, close: String) {
        self.timeZone = timeZone
        self.days = days
        self.open = open
        self.close = close
    }

    /// The hours parsed, or what is wrong with them in words that name the field.
    func window() -> Result<Window, TopologyProblem> {
        func problem(_ field: String, _ text: String) -> Result<Window, TopologyProblem> {
            .failure(TopologyProblem(field: field, problem: text))
        }
        guard let offsetMinutes = Self.minutes(offset: timeZone) else {
            return problem("timeZone", "\"\(timeZone)\" is not a UTC offset such as \"+08:00\" (zone names are not accepted: every node must agree without a zone database)")
        }
        var daySet: Set<Int> = []
        for day in days {
            guard let index = Self.weekdays.firstIndex(of: day) else { return problem("days", "\"\(day)\" is not one of \(Self.weekdays.joined(separator: ", "))") }
            daySet.insert(index)
        }
        if daySet.isEmpty { return problem("days", "must name at least one day (leave hours out for 24/7)") }
        guard let openMinute = Self.minutes(clock: open), openMinute < 1_440 else { return problem("open", "\"\(open)\" is not a time from 00:00 to 23:59") }
        guard let closeMinute = Self.minutes(clock: close), closeMinute > 0 else { return problem("close", "\"\(close)\" is not a time from 00:01 to 24:00") }
        if openMinute == closeMinute { return problem("close", "equals open; for a whole day use 00:00 to 24:00") }
        return .success(Window(offsetMs: Int64(offsetMinutes) * 60_000, days: daySet, openMinute: openMinute, closeMinute: closeMinute))
    }

    /// "HH:MM" to minutes of the day, 24:00 included.
    static func minutes(clock: String) -> Int? {
        let parts = clock.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let hours = Int(parts[0]), let minutes = Int(parts[1]),
            (0...24).contains(hours), (0..<60).contains(minutes), hours < 24 || minutes == 0
        else { return nil }
        return hours * 60 + minutes
    }

    /// "+08:00", "-05:30", "UTC" or "Z" to minutes east of UTC.
    static func minutes(offset: String) -> Int? {
        if offset == "UTC" || offset == "Z" { return 0 }
        guard let sign = offset.first, sign == "+" || sign == "-", let clock = minutes(clock: String(offset.dropFirst())), clock <= 14 * 60 else {
            return nil
        }
        return sign == "+" ? clock : -clock
    }

    /// The hours as arithmetic on the leader's clock.
    struct Window: Sendable, Equatable {
        var offsetMs: Int64
        /// 0 is Monday.
        var days: Set<Int>
        var openMinute: Int
        var closeMinute: Int

        static let dayMs: Int64 = 86_400_000

        /// When the opening that covers `atMs` began; nil when closed at `atMs`, `Int64.min` when
        /// the hours never close (every day 00:00 to 24:00), so that no opening restarts a clock.
        func openedAtMs(_ atMs: Int64) -> Int64? {
            let local = atMs + offsetMs
            let day = floorDivide(local, Self.dayMs)
            let minute = Int((local - day * Self.dayMs) / 60_000)
            let openDay: Int64
            if openMinute < closeMinute {
                guard days.contains(weekday(day)), minute >= openMinute, minute < closeMinute else { return nil }
                openDay = day
            } else if minute >= openMinute, days.contains(weekday(day)) {
                openDay = day
            } else if minute < closeMinute, days.contains(weekday(day - 1)) {
                openDay = day - 1
            } else {
                return nil
            }
            // A day that runs to midnight joins the next one that starts at midnight.
            var start = openDay
            if openMinute == 0, closeMinute == 1_440 {
                while days.contains(weekday(start - 1)) {
                    start -= 1
                    if openDay - start >= 7 { return Int64.min }
                }
            }
            return start * Self.dayMs + Int64(openMinute) * 60_000 - offsetMs
        }

        func weekday(_ day: Int64) -> Int { Int(((day + 3) % 7 + 7) % 7) }

        func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
            value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
        }
    }
}

extension OpeningHours {
    public init(from decoder: any Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            guard text == "24/7" else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "hours are \"24/7\" or an object with timeZone, days, open and close"))
            }
            self = .always
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        timeZone = try container.decode(String.self, forKey: .timeZone)
        days = try container.decodeIfPresent([String].self, forKey: .days) ?? Self.weekdays
        open = try container.decode(String.self, forKey: .open)
        close = try container.decode(String.self, forKey: .close)
    }
}

/// What happens to a contact for a center's branch while the center is closed on its channel.
public enum AfterHoursRule: String, Sendable, Equatable, Codable, CaseIterable {
    /// It goes to the center's disaster-recovery plan, as if the center were dark.
    case plan
    /// It waits at the home center as a callback, served once the center opens.
    case callback
}

extension CenterSpec {
    /// The hours of `channel`: its own when given, else the center's; nil means always open.
    public func hours(of channel: Channel) -> OpeningHours? { channelHours[channel] ?? hours }

    /// When the present opening of the center began (nil: closed now; `Int64.min`: never closes).
    func openedAtMs(_ atMs: Int64) -> Int64? { Self.openedAtMs(hours, atMs) }

    func openedAtMs(_ channel: Channel, _ atMs: Int64) -> Int64? { Self.openedAtMs(hours(of: channel), atMs) }

    static func openedAtMs(_ hours: OpeningHours?, _ atMs: Int64) -> Int64? {
        guard let hours else { return Int64.min }
        // A topology with unparsable hours never loads; should one arrive, open is the safe reading.
        guard case .success(let window) = hours.window() else { return Int64.min }
        return window.openedAtMs(atMs)
    }

    /// The channels closed at `atMs`.
    public func closedChannels(_ atMs: Int64) -> Set<Channel> {
        Set(Channel.allCases.filter { openedAtMs($0, atMs) == nil })
    }
}
