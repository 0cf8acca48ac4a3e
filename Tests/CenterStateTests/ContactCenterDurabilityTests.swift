import CenterState
import ClientAPI
import Consensus
import Foundation
import GRDB
import ContactCenter
import Testing

@Suite("Contact-center model on disk")
struct ContactCenterDurabilityTests {
    @Test("a node restarted on the same store rebuilds the identical model")
    func restartRebuilds() throws {
        let harness = try StateHarness()
        _ = try ContactCenterScenario.run(on: harness)
        let live = try #require(harness.state.contactCenter)
        #expect(live.invariantViolations().isEmpty)
        #expect(live.centers["wuhan"]?.status == .dark)
        #expect(live.totals.done > 0 && live.totals.redirected > 0, "the scenario completes and cuts off contacts")
        try harness.restart()
        #expect(harness.state.contactCenter == live)
    }

    @Test("a snapshot restored into another store gives the identical model, and both go on alike")
    func snapshotCarriesTheModel() throws {
        let source = try StateHarness()
        _ = try ContactCenterScenario.run(on: source)
        let copy = try StateHarness()
        try copy.restore(try source.snapshot(), at: source.lastIndex)
        #expect(copy.state.contactCenter == source.state.contactCenter)
        #expect(copy.state.contactCenter != nil)
        let more = [
            StateHarness.command(.contactCenter(.centerRestore(center: "wuhan")), id: "after-1", atMs: 500_000),
            StateHarness.command(.contactCenter(.tick), id: "after-2", atMs: 600_000),
        ]
        #expect(try source.apply(more).map(\.answer) == copy.apply(more).map(\.answer))
        #expect(copy.state.contactCenter == source.state.contactCenter)
    }

    @Test("the same entries give the same model, tables and answers however they are batched")
    func batchingDoesNotMatter() throws {
        let commands = try ContactCenterScenario.run(on: StateHarness())
        let one = try StateHarness()
        let other = try StateHarness()
        let answersOne = try one.apply(commands, batchSize: 1)
        let answersOther = try other.apply(commands, batchSize: 7)
        #expect(answersOne == answersOther)
        #expect(try one.snapshot() == other.snapshot())
        #expect(one.state.contactCenter == other.state.contactCenter)
    }

    @Test("an empty snapshot clears the model")
    func emptySnapshotClears() throws {
        let harness = try StateHarness()
        _ = try ContactCenterScenario.run(on: harness)
        try harness.restore([], at: harness.lastIndex)
        #expect(harness.state.contactCenter == nil)
    }

    @Test("a transaction that rolls back after the model changed leaves no trace: the model is rebuilt")
    func rollbackRebuilds() throws {
        let start = [try ContactCenterCommandTests.load(), ContactCenterCommandTests.enqueue("e1")]
        let tick = StateHarness.command(.contactCenter(.tick), id: "tick", atMs: 9_000)
        let harness = try StateHarness()
        try harness.apply(start)
        let doomed = ContactCenterCommandTests.enqueue("e2", atMs: 5_000)
        let entry = Entry(term: 1, index: harness.lastIndex + 1, payload: .command(doomed.encoded))
        struct DiskFull: Error {}
        #expect(throws: DiskFull.self) {
            try harness.store.apply(upTo: entry.index) { db in
                try harness.state.apply([entry], in: db)
                throw DiskFull()
            }
        }
        #expect(harness.state.contactCenter?.contacts.count == 2, "the model ran ahead of the rolled-back tables")
        _ = harness.state.takeAnswers()
        try harness.apply([tick])
        let control = try StateHarness()
        try control.apply(start + [tick])
        #expect(harness.state.contactCenter == control.state.contactCenter)
        #expect(harness.state.contactCenter?.contacts.count == 1)
    }
}

@Suite("Contact-center checkpoints")
struct ContactCenterCheckpointTests {
    @Test("a short journal is replaced by an image, and a restart or a snapshot gives the identical model")
    func imageReplacesJournal() throws {
        let harness = try StateHarness(minCommandsPerCheckpoint: 4)
        let commands = try ContactCenterScenario.run(on: harness)
        #expect(commands.count > 20, "the scenario runs past several checkpoints")
        let (journaled, imageIndex) = try harness.store.read {
            (try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM cc_journal"), try Int.fetchOne($0, sql: "SELECT image_index FROM cc_model"))
        }
        let model = try #require(harness.state.contactCenter)
        #expect(try #require(imageIndex) > 1, "an image replaced the one the topology load wrote")
        #expect(try #require(journaled) < max(4, model.contacts.count + model.finished.count + model.agents.count))
        let live = harness.state.contactCenter
        try harness.restart(minCommandsPerCheckpoint: 4)
        #expect(harness.state.contactCenter == live)
        let copy = try StateHarness()
        try copy.restore(try harness.snapshot(), at: harness.lastIndex)
        #expect(copy.state.contactCenter == live)
    }

    @Test("an image encoded off the applying thread lands in a later transaction and covers only what it saw")
    func backgroundImage() throws {
        let harness = try StateHarness(minCommandsPerCheckpoint: 4, imagesInBackground: true)
        _ = try ContactCenterScenario.run(on: harness)
        #expect(harness.state.waitForCheckpoint(timeout: .seconds(10)))
        try harness.apply([StateHarness.command(.contactCenter(.tick), id: "land", atMs: 900_000)])
        let (imageIndex, lastIndex, oldestJournaled) = try harness.store.read { db in
            (
                try Int64.fetchOne(db, sql: "SELECT image_index FROM cc_model"), try Int64.fetchOne(db, sql: "SELECT last_index FROM cc_model"),
                try Int64.fetchOne(db, sql: "SELECT MIN(entry_index) FROM cc_journal")
            )
        }
        #expect(try #require(imageIndex) > 1 && imageIndex! <= lastIndex!, "an image landed")
        #expect(oldestJournaled.map { $0 > imageIndex! } ?? true, "the journal keeps only what the image does not cover")
        let live = harness.state.contactCenter
        try harness.restart()
        #expect(harness.state.contactCenter == live)
    }

    @Test("the model is the same whether its journal was checkpointed or not")
    func checkpointsChangeNothing() throws {
        let commands = try ContactCenterScenario.run(on: StateHarness())
        let often = try StateHarness(minCommandsPerCheckpoint: 1)
        let never = try StateHarness()
        #expect(try often.apply(commands).map(\.answer) == never.apply(commands).map(\.answer))
        #expect(often.state.contactCenter == never.state.contactCenter)
    }

    @Test("an image that breaks the model's rules is refused with the rule, not trusted")
    func badImageRefused() throws {
        let harness = try StateHarness()
        _ = try ContactCenterScenario.run(on: harness)
        let model = try #require(harness.state.contactCenter)
        #expect(model.nextContactID > 2)
        var image = try #require(try JSONSerialization.jsonObject(with: Data(APIJSON.encode(model))) as? [String: Any])
        image["nextContactID"] = 1
        let edited = try JSONSerialization.data(withJSONObject: image)
        try harness.store.apply(upTo: harness.lastIndex) {
            try $0.execute(sql: "UPDATE cc_image SET image = ?", arguments: [edited])
            try $0.execute(sql: "UPDATE cc_model SET image_index = last_index")
            try $0.execute(sql: "DELETE FROM cc_journal")
        }
        let refusal = #expect(throws: (any Error).self) { try harness.restart() }
        #expect("\(refusal.map { String(describing: $0) } ?? "")".contains("ids"))
    }
}
