import Consensus
import Foundation

/// A log entry's payload as a kind number plus one blob. The kind numbers are part of the file
/// format: never renumber them, only add new ones (an older reader then reports a clear error).
enum PayloadCodec {
    static let noop: Int64 = 0
    static let command: Int64 = 1
    /// Blob: the voter count as 8 bytes, then the voters, then the learners (see `MembershipCodec`).
    static let membership: Int64 = 2

    static func encode(_ payload: EntryPayload, options: StorageOptions) throws -> (kind: Int64, bytes: Data) {
        switch payload {
        case .noop:
            return (noop, Data())
        case .command(let bytes):
            guard bytes.count <= options.maxEntryBytes else {
                throw InvalidInput(reason: "command of \(bytes.count) bytes exceeds the limit of \(options.maxEntryBytes)")
            }
            return (command, Data(bytes))
        case .membership(let members):
            try MembershipCodec.checkBounds(members, maxMembers: options.maxMembers)
            var data = MembershipCodec.encode([UInt64(members.voters.count)])
            data.append(MembershipCodec.encode(members.voters))
            data.append(MembershipCodec.encode(members.learners))
            return (membership, data)
        }
    }

    static func decode(kind: Int64, bytes: Data, options: StorageOptions) throws -> EntryPayload {
        switch kind {
        case noop:
            guard bytes.isEmpty else { throw CorruptData(reason: "no-op entry carries \(bytes.count) bytes") }
            return .noop
        case command:
            guard bytes.count <= options.maxEntryBytes else {
                throw CorruptData(reason: "command of \(bytes.count) bytes exceeds the limit of \(options.maxEntryBytes)")
            }
            return .command([UInt8](bytes))
        case membership:
            let ids = try MembershipCodec.decode(bytes, what: "membership entry", maxMembers: options.maxMembers + 1)
            guard let count = ids.first, count <= UInt64(ids.count - 1) else {
                throw CorruptData(reason: "membership entry's voter count does not fit its \(bytes.count) bytes")
            }
            let voters = Array(ids[1..<1 + Int(count)])
            let learners = Array(ids[(1 + Int(count))...])
            return .membership(try MembershipCodec.membership(
                voters: voters, learners: learners, what: "membership entry", maxMembers: options.maxMembers))
        default:
            throw CorruptData(reason: "unknown payload kind \(kind)")
        }
    }
}
