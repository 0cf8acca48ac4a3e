import Consensus
import Foundation

/// Node ids on disk are fixed-width 8-byte big-endian integers laid end to end: nothing to escape,
/// nothing to parse, any UInt64 fits, and a length that is not a multiple of 8 is plainly corrupt.
enum MembershipCodec {
    static func encode(_ ids: [NodeID]) -> Data {
        var data = Data(capacity: ids.count * 8)
        for id in ids {
            withUnsafeBytes(of: id.bigEndian) { data.append(contentsOf: $0) }
        }
        return data
    }

    static func decode(_ data: Data, what: String, maxMembers: Int) throws -> [NodeID] {
        guard data.count % 8 == 0 else { throw CorruptData(reason: "\(what) is \(data.count) bytes, not a multiple of 8") }
        guard data.count / 8 <= maxMembers else {
            throw CorruptData(reason: "\(what) lists \(data.count / 8) ids, more than the limit of \(maxMembers)")
        }
        var ids: [NodeID] = []
        ids.reserveCapacity(data.count / 8)
        var offset = data.startIndex
        while offset < data.endIndex {
            var id: UInt64 = 0
            for byte in data[offset..<offset + 8] { id = id << 8 | UInt64(byte) }
            ids.append(id)
            offset += 8
        }
        return ids
    }

    /// Rebuilds a membership only from the canonical form `Membership` itself keeps (sorted, no
    /// duplicates, learners not voters), so that what is loaded is exactly what was stored rather
    /// than a silently repaired variant of a damaged row.
    static func membership(voters: [NodeID], learners: [NodeID], what: String, maxMembers: Int) throws -> Membership {
        guard voters.count + learners.count <= maxMembers else {
            throw CorruptData(reason: "\(what) has \(voters.count + learners.count) members, more than the limit of \(maxMembers)")
        }
        guard isStrictlyAscending(voters) else { throw CorruptData(reason: "\(what) voters \(voters) are not sorted and unique") }
        guard isStrictlyAscending(learners) else { throw CorruptData(reason: "\(what) learners \(learners) are not sorted and unique") }
        guard Set(voters).isDisjoint(with: learners) else { throw CorruptData(reason: "\(what) lists a node as both voter and learner") }
        return Membership(voters: voters, learners: learners)
    }

    static func checkBounds(_ membership: Membership, maxMembers: Int) throws {
        let count = membership.voters.count + membership.learners.count
        guard count <= maxMembers else {
            throw InvalidInput(reason: "membership has \(count) members, more than the limit of \(maxMembers)")
        }
    }

    private static func isStrictlyAscending(_ ids: [NodeID]) -> Bool {
        zip(ids, ids.dropFirst()).allSatisfy { $0 < $1 }
    }
}
