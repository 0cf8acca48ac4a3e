import ContactCenter
import Testing

@Suite("Erlang C")
struct ErlangCTests {
    /// CONTACT-CENTER.md's worked example: 200 contacts an hour, 180 s handle time (10 Erlangs),
    /// 80% within 20 s.
    @Test("the worked example: 12, 13 and 14 agents give 0.640, 0.796 and 0.888; 14 are needed")
    func workedExample() {
        let levels = [12, 13, 14].map {
            ErlangC.serviceLevel(agents: $0, trafficErlangs: 10, averageHandleSeconds: 180, thresholdSeconds: 20)
        }
        #expect(abs(levels[0] - 0.640) < 0.001 && abs(levels[1] - 0.796) < 0.001 && abs(levels[2] - 0.888) < 0.001, "\(levels)")
        #expect(ErlangC.agentsNeeded(trafficErlangs: 10, averageHandleSeconds: 180, thresholdSeconds: 20, target: 0.8) == 14)
    }

    @Test("the Erlang B recursion agrees with the textbook formula where its factorials still fit")
    func againstTheTextbookFormula() {
        func textbook(agents n: Int, traffic a: Double) -> Double {
            func factorial(_ k: Int) -> Double { k < 2 ? 1 : (2...k).reduce(1.0) { $0 * Double($1) } }
            func power(_ k: Int) -> Double { (0..<k).reduce(1.0) { acc, _ in acc * a } }
            let top = power(n) / factorial(n) * Double(n) / (Double(n) - a)
            let sum = (0..<n).reduce(0.0) { $0 + power($1) / factorial($1) }
            return top / (sum + top)
        }
        #expect(abs(ErlangC.probabilityOfWaiting(agents: 3, trafficErlangs: 2) - 4.0 / 9.0) < 1e-12)
        for (agents, traffic) in [(5, 3.5), (12, 10.0), (20, 17.2), (40, 31.0)] {
            let recursion = ErlangC.probabilityOfWaiting(agents: agents, trafficErlangs: traffic)
            #expect(abs(recursion - textbook(agents: agents, traffic: traffic)) < 1e-9, "\(agents) agents, \(traffic) Erlangs")
        }
    }

    @Test("too few agents: everyone waits, no service level, unbounded answer time; hundreds of agents stay finite")
    func edges() {
        #expect(ErlangC.probabilityOfWaiting(agents: 10, trafficErlangs: 10) == 1)
        #expect(ErlangC.averageSpeedOfAnswerSeconds(agents: 9, trafficErlangs: 10, averageHandleSeconds: 180) == .infinity)
        let big = ErlangC.probabilityOfWaiting(agents: 700, trafficErlangs: 650)
        #expect(big.isFinite && big > 0 && big < 1)
    }
}
