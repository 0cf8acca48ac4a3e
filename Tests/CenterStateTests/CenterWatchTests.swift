import CenterState
import ContactCenter
import Testing

@Suite("The leader's watch over the centers' nodes")
struct CenterWatchTests {
    static let windowMs: Int64 = 2_000

    static func model() throws -> ContactCenterState {
        try ContactCenterState(topology: ContactCenterScenario.china2020())
    }

    static func node(_ center: String, silentMs: Int64?, heardThisTerm: Bool = true) -> CenterWatch.Node {
        CenterWatch.Node(center: center, silentMs: silentMs, heardThisTerm: heardThisTerm)
    }

    @Test("a center is dark only when every node of it is silent past the window; the leader's own never is")
    func silenceMakesDark() throws {
        let model = try Self.model()
        let nodes = [
            Self.node("chengdu", silentMs: nil),
            Self.node("wuhan", silentMs: 2_000),
            Self.node("guangzhou", silentMs: 5_000), Self.node("guangzhou", silentMs: 100),
            Self.node("beijing", silentMs: 1_999),
            Self.node("atlantis", silentMs: 9_000),
        ]
        #expect(CenterWatch.changes(nodes, in: model, darkAfterMs: Self.windowMs) == [.setCenterStatus(center: "wuhan", status: .dark)])
    }

    @Test("a center dark by silence recovers when heard again; one an operator blacked out stays dark")
    func heardAgain() throws {
        var model = try Self.model()
        #expect(model.apply(.setCenterStatus(center: "wuhan", status: .dark), atMs: 1_000).isApplied)
        #expect(model.apply(.centerBlackout(center: "hefei"), atMs: 1_000).isApplied)
        #expect(model.centers["wuhan"]?.darkBySilence == true && model.centers["hefei"]?.darkBySilence == false)
        let heard = [Self.node("wuhan", silentMs: 40), Self.node("hefei", silentMs: 40)]
        #expect(CenterWatch.changes(heard, in: model, darkAfterMs: Self.windowMs) == [.setCenterStatus(center: "wuhan", status: .recovering)])
        let silent = [Self.node("wuhan", silentMs: 3_000), Self.node("hefei", silentMs: 3_000)]
        #expect(CenterWatch.changes(silent, in: model, darkAfterMs: Self.windowMs).isEmpty, "nothing to change while they stay silent")
    }

    @Test("a recovering center that falls silent again flaps back to dark, and its hold-down doubles")
    func flap() throws {
        var model = try Self.model()
        let holdDownMs = model.centers["wuhan"]?.holdDownMs ?? 0
        for (atMs, status) in [(1_000, CenterStatus.dark), (5_000, .recovering)] {
            #expect(model.apply(.setCenterStatus(center: "wuhan", status: status), atMs: Int64(atMs)).isApplied)
        }
        let changes = CenterWatch.changes([Self.node("wuhan", silentMs: 2_500)], in: model, darkAfterMs: Self.windowMs)
        #expect(changes == [.setCenterStatus(center: "wuhan", status: .dark)])
        for change in changes { #expect(model.apply(change, atMs: 8_000).isApplied) }
        #expect(model.centers["wuhan"]?.flaps == 1 && model.centers["wuhan"]?.holdDownMs == 2 * holdDownMs)
    }

    @Test("a node the leader has not heard from in its term never brings its center back, however short its silence")
    func newLeaderInheritsTheWatch() throws {
        var model = try Self.model()
        for center in ["guangzhou", "nanning"] {
            #expect(model.apply(.setCenterStatus(center: center, status: .dark), atMs: 1_000).isApplied)
        }
        // A new leader's counters start at zero: short silences, nobody heard yet. Not a recovery,
        // and not dark either, for any center (a live one is heard within a heartbeat).
        for silentMs: Int64 in [0, 40, Self.windowMs - 1] {
            let fresh = ["guangzhou", "nanning", "wuhan"].map { Self.node($0, silentMs: silentMs, heardThisTerm: false) }
            #expect(CenterWatch.changes(fresh, in: model, darkAfterMs: Self.windowMs).isEmpty, "silent \(silentMs) ms, unheard")
        }
        // Past the window the dead stay dark and a live center unheard for that long goes dark.
        let late = ["guangzhou", "nanning", "wuhan"].map { Self.node($0, silentMs: Self.windowMs, heardThisTerm: false) }
        #expect(CenterWatch.changes(late, in: model, darkAfterMs: Self.windowMs) == [.setCenterStatus(center: "wuhan", status: .dark)])
        // One node of a center heard by this leader is enough, even when its other node is not.
        let answered = [
            Self.node("guangzhou", silentMs: 30, heardThisTerm: true), Self.node("guangzhou", silentMs: 30, heardThisTerm: false),
            Self.node("nanning", silentMs: 30, heardThisTerm: false),
        ]
        #expect(
            CenterWatch.changes(answered, in: model, darkAfterMs: Self.windowMs) == [.setCenterStatus(center: "guangzhou", status: .recovering)])
    }
}
