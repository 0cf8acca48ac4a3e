import ClientAPI
import ContactCenter
import Wire

/// How a `Command` is stored in a log entry, told apart by its first byte. Every node applies every
/// entry, so decoding is on the write path of the whole cluster: JSON cost a noticeable share of
/// the leader's CPU. Nodes before the binary format wrote JSON, which starts with `{`; log entries
/// and snapshots holding it are still read. Version 1 (never `{`) is binary: integers little-endian
/// fixed width, an Int64 as its bit pattern; a string as its UTF-8 byte count (UInt32 little-endian)
/// then those bytes; an optional as a presence byte (0 or 1) then the value; a ticket enum by its
/// raw value, the client API's spelling that is already forever, so there is no second table of
/// numbers to keep in step. A topology load and a contact-center command carry their JSON,
/// length-prefixed: they are rare, large and of many shapes, and a binary form would be much code
/// for no gain on the write path. Any input decodes or gives nil: lengths are checked against the
/// bytes left, unknown versions and tags are refused, and so are bytes left over.
enum CommandCodec {
    private static let binaryVersion: UInt8 = 1
    private static let jsonOpening = UInt8(ascii: "{")

    static func encode(_ command: Command) -> [UInt8] {
        // Room for a typical ticket write; a longer one grows the buffer.
        var writer = ByteWriter(capacity: 256)
        writer.write(binaryVersion)
        writer.write(string: command.client)
        writer.write(string: command.requestId)
        writer.write(string: command.author)
        writer.write(command.atMs)
        writer.write(action: command.action)
        writer.write(command.requestFingerprint) { $0.write($1) }
        return writer.bytes
    }

    static func decode(_ bytes: [UInt8]) -> Command? {
        switch bytes.first {
        case jsonOpening: try? APIJSON.decode(Command.self, from: bytes)
        case binaryVersion: try? binary(bytes)
        default: nil
        }
    }

    private static func binary(_ bytes: [UInt8]) throws(WireError) -> Command {
        var reader = ByteReader(bytes)
        _ = try reader.uint8("version")
        let command = Command(
            client: try reader.string("client"), requestId: try reader.string("request id"),
            author: try reader.string("author"), atMs: try reader.int64("at"), action: try reader.action(),
            requestFingerprint: try reader.optionalInt64("request fingerprint"))
        guard reader.isAtEnd else { throw .malformed("bytes after the command") }
        return command
    }
}

/// The action's tag in version 1. Numbers are forever: add new ones, never reuse.
private enum ActionTag: UInt8 {
    case ticketCreate = 1, ticketAppend, ticketUpdate, topologyLoad, contactCenter, leaderElected, drillMarked

    init(_ action: Command.Action) {
        switch action {
        case .ticketCreate: self = .ticketCreate
        case .ticketAppend: self = .ticketAppend
        case .ticketUpdate: self = .ticketUpdate
        case .topologyLoad: self = .topologyLoad
        case .contactCenter: self = .contactCenter
        case .leaderElected: self = .leaderElected
        case .drillMarked: self = .drillMarked
        }
    }
}

extension ByteWriter {
    fileprivate mutating func write(action: Command.Action) {
        write(ActionTag(action).rawValue)
        switch action {
        case .ticketCreate(let args):
            write(string: args.title)
            write(args.center)
            write(args.text)
            write(args.category)
            write(args.priority)
            write(args.assignee)
            write(args.dueAtMs) { $0.write($1) }
            write(args.callbackWanted) { $0.write($1) }
        case .ticketAppend(let args):
            write(args.ticketId)
            write(string: args.text)
            write(args.close) { $0.write($1) }
        case .ticketUpdate(let args):
            write(args.ticketId)
            write(args.state)
            write(args.assignee)
            write(args.escalatedTo)
            write(args.priority)
            write(args.category)
            write(args.dueAtMs) { $0.write($1) }
            write(args.callbackWanted) { $0.write($1) }
            write(args.text)
        case .topologyLoad(let topology):
            write(blob: APIJSON.encode(topology))
        case .contactCenter(let command):
            write(blob: APIJSON.encode(command))
        case .leaderElected(let election):
            write(election.node)
            write(string: election.center)
            write(election.term)
            write(election.previousLeader) { $0.write($1) }
        case .drillMarked(let mark):
            write(string: mark.drill)
            write(string: mark.phase.rawValue)
            write(string: mark.text)
            write(mark.center)
        }
    }
}

extension ByteReader {
    fileprivate mutating func json<Value: Decodable>(_ type: Value.Type, _ what: String) throws(WireError) -> Value {
        guard let value = try? APIJSON.decode(type, from: try blob(what)) else { throw .malformed("\(what) is not valid JSON") }
        return value
    }

    fileprivate mutating func action() throws(WireError) -> Command.Action {
        let raw = try uint8("action")
        guard let tag = ActionTag(rawValue: raw) else { throw .malformed("unknown action \(raw)") }
        return switch tag {
        case .ticketCreate:
            .ticketCreate(TicketCreateArgs(
                title: try string("title"), center: try optionalString("center"), text: try optionalString("text"),
                category: try optional("category"), priority: try optional("priority"),
                assignee: try optionalString("assignee"), dueAtMs: try optionalInt64("due at"),
                callbackWanted: try optionalBool("callback wanted")))
        case .ticketAppend:
            .ticketAppend(TicketAppendArgs(
                ticketId: try int64("ticket id"), text: try string("text"), close: try optionalBool("close")))
        case .ticketUpdate:
            .ticketUpdate(TicketUpdateArgs(
                ticketId: try int64("ticket id"), state: try optional("state"), assignee: try optionalString("assignee"),
                escalatedTo: try optionalString("escalated to"), priority: try optional("priority"),
                category: try optional("category"), dueAtMs: try optionalInt64("due at"),
                callbackWanted: try optionalBool("callback wanted"), text: try optionalString("text")))
        case .topologyLoad:
            .topologyLoad(try json(Topology.self, "topology"))
        case .contactCenter:
            .contactCenter(try json(ContactCenter.Command.self, "contact-center command"))
        case .leaderElected:
            .leaderElected(LeaderElection(
                node: try uint64("node"), center: try string("center"), term: try uint64("term"),
                previousLeader: try optional("previous leader") { reader throws(WireError) in try reader.uint64("previous leader") }))
        case .drillMarked:
            .drillMarked(try drillMark())
        }
    }

    fileprivate mutating func drillMark() throws(WireError) -> DrillMarkArgs {
        DrillMarkArgs(drill: try string("drill"), phase: try required("drill phase"), text: try string("text"), center: try optionalString("center"))
    }
}
