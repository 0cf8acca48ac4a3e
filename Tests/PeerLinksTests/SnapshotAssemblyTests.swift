import Testing
import Wire

@testable import PeerLinks

@Suite struct SnapshotAssemblyTests {
    /// `frame` cut into chunks of `chunkBytes` as transfer `transferID` from node 2 to node 1.
    static func chunks(of frame: [UInt8], chunkBytes: Int, transferID: UInt64) -> [SnapshotChunk] {
        PeerFrame.chunkRanges(totalBytes: frame.count, chunkBytes: chunkBytes).map {
            SnapshotChunk(
                from: 2, to: 1, transferID: transferID, offsetBytes: $0.lowerBound, totalBytes: frame.count,
                bytes: Array(frame[$0]))
        }
    }

    static let frameA = (0..<100).map { UInt8($0) }
    static let frameB = (0..<70).map { UInt8(200 - $0) }

    @Test func chunksInOrderGiveBackTheWholeFrameAndReleaseIt() {
        var assembly = SnapshotAssembly()
        let parts = Self.chunks(of: Self.frameA, chunkBytes: 30, transferID: 1)
        for (index, part) in parts.dropLast().enumerated() {
            #expect(assembly.accept(part) == .incomplete)
            #expect(assembly.bufferedBytes == 30 * (index + 1))
        }
        #expect(assembly.accept(parts[parts.count - 1]) == .complete(Self.frameA))
        #expect(assembly.bufferedBytes == 0)
    }

    @Test func aMissingChunkDiscardsTheTransferAndEveryChunkAfterIt() {
        var assembly = SnapshotAssembly()
        let parts = Self.chunks(of: Self.frameA, chunkBytes: 25, transferID: 1)
        #expect(assembly.accept(parts[0]) == .incomplete)
        guard case .gap = assembly.accept(parts[2]) else {
            Issue.record("a skipped chunk was accepted")
            return
        }
        #expect(assembly.bufferedBytes == 0)
        guard case .gap = assembly.accept(parts[3]) else {
            Issue.record("the rest of a broken transfer was accepted")
            return
        }
        #expect(assembly.bufferedBytes == 0)
        // The next transfer starts cleanly.
        for part in Self.chunks(of: Self.frameB, chunkBytes: 25, transferID: 2).dropLast() {
            #expect(assembly.accept(part) == .incomplete)
        }
        #expect(assembly.accept(Self.chunks(of: Self.frameB, chunkBytes: 25, transferID: 2).last!) == .complete(Self.frameB))
    }

    @Test func aChangedTotalOrAnOverrunIsAGap() {
        var assembly = SnapshotAssembly()
        let parts = Self.chunks(of: Self.frameA, chunkBytes: 40, transferID: 1)
        #expect(assembly.accept(parts[0]) == .incomplete)
        var otherTotal = parts[1]
        otherTotal.totalBytes += 1
        #expect(assembly.accept(otherTotal) == .gap("transfer 1 changed its total from 100 to 101 bytes"))
        #expect(assembly.bufferedBytes == 0)

        #expect(assembly.accept(SnapshotChunk(from: 2, to: 1, transferID: 3, offsetBytes: 0, totalBytes: 4, bytes: [1, 2])) == .incomplete)
        let overrun = SnapshotChunk(from: 2, to: 1, transferID: 3, offsetBytes: 2, totalBytes: 4, bytes: [3, 4, 5])
        #expect(assembly.accept(overrun) == .gap("transfer 3 overran its total of 4 bytes"))
        #expect(assembly.bufferedBytes == 0)
    }

    @Test func aNewTransferReplacesAnUnfinishedOne() {
        var assembly = SnapshotAssembly()
        let old = Self.chunks(of: Self.frameA, chunkBytes: 30, transferID: 7)
        #expect(assembly.accept(old[0]) == .incomplete)
        #expect(assembly.accept(old[1]) == .incomplete)
        let new = Self.chunks(of: Self.frameB, chunkBytes: 30, transferID: 8)
        #expect(assembly.accept(new[0]) == .incomplete)
        #expect(assembly.bufferedBytes == 30)
        #expect(assembly.accept(new[1]) == .incomplete)
        #expect(assembly.accept(new[2]) == .complete(Self.frameB))
        // A late chunk of the old transfer cannot resume it.
        guard case .gap = assembly.accept(old[2]) else {
            Issue.record("a superseded transfer was resumed")
            return
        }
    }

    @Test func aNewTransferThatDoesNotStartAtZeroIsAGapAndDropsTheOldOne() {
        var assembly = SnapshotAssembly()
        let old = Self.chunks(of: Self.frameA, chunkBytes: 30, transferID: 7)
        #expect(assembly.accept(old[0]) == .incomplete)
        let new = Self.chunks(of: Self.frameB, chunkBytes: 30, transferID: 8)
        #expect(assembly.accept(new[1]) == .gap("transfer 8 starts at offset 30, not 0"))
        #expect(assembly.bufferedBytes == 0)
    }
}
