import ClientAPI
// ContactCenter is no product of the root package; its module is built as ClientAPI's dependency
// and imported here only for `Topology`, the arguments of `topology.load`.
import ContactCenter
import LibFuzzerDriver
import StrictJSON

@main
enum FuzzAPIRequest {
    static func main() { LibFuzzer.run(fuzz) }
}

/// A client request's body as the node reads it (NodeLoop.classify): parse, decode the header
/// leniently, refuse unknown top-level fields, then decode the whole request strictly for the
/// operation's arguments. Since the operation is the input's to choose, every arguments type is
/// tried. Refusals are the expected outcome; a trap, a crash or a hang is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let document: JSONValue
    let header: RequestHeader
    do throws(StrictJSONError) {
        document = try StrictJSON.parse(bytes)
        header = try StrictJSON.decode(RequestHeader.self, from: document, rejectingUnknownFields: false)
        if let unknown = StrictJSON.unknownField(in: document, known: RequestHeader.fields) { throw unknown }
    } catch {
        checkAnswerable(error)
        return 0
    }
    decodeRequest(NoArguments.self, document, header)
    decodeRequest(TicketCreateArgs.self, document, header)
    decodeRequest(TicketAppendArgs.self, document, header)
    decodeRequest(TicketUpdateArgs.self, document, header)
    decodeRequest(TicketGetArgs.self, document, header)
    decodeRequest(TicketListArgs.self, document, header)
    decodeRequest(EventListArgs.self, document, header)
    decodeRequest(MemberAddArgs.self, document, header)
    decodeRequest(MemberArgs.self, document, header)
    decodeRequest(LeaderTransferArgs.self, document, header)
    decodeRequest(ContactEnqueueArgs.self, document, header)
    decodeRequest(ContactArgs.self, document, header)
    decodeRequest(ContactAcceptArgs.self, document, header)
    decodeRequest(ContactRefuseArgs.self, document, header)
    decodeRequest(ContactListArgs.self, document, header)
    decodeRequest(AgentLoginArgs.self, document, header)
    decodeRequest(AgentArgs.self, document, header)
    decodeRequest(AgentLendArgs.self, document, header)
    decodeRequest(AgentListArgs.self, document, header)
    decodeRequest(CenterArgs.self, document, header)
    decodeRequest(CenterStatsArgs.self, document, header)
    decodeRequest(RouteExplainArgs.self, document, header)
    decodeRequest(RouteBrokenArgs.self, document, header)
    decodeRequest(SettingsUpdateArgs.self, document, header)
    decodeRequest(FaultInjectArgs.self, document, header) { _ = $0.problem }
    decodeRequest(FaultClearArgs.self, document, header)
    decodeRequest(DrillMarkArgs.self, document, header) { _ = $0.problem }
    // The node refuses a topology with problems before it proposes it; computing them walks the
    // decoded hours, plans and settings.
    decodeRequest(Topology.self, document, header) { _ = $0.problems }
    return 0
}

/// The request decoded as `Request<Args>`; when that works, it must encode (as clusterctl sends
/// requests) into a body that decodes again to the same arguments and header.
private func decodeRequest<Args: Codable & Sendable & Equatable>(
    _ type: Args.Type, _ document: JSONValue, _ header: RequestHeader, check: (Args) -> Void = { _ in }
) {
    let request: Request<Args>
    do throws(StrictJSONError) {
        request = try StrictJSON.decode(Request<Args>.self, from: document)
    } catch {
        checkAnswerable(error)
        return
    }
    guard request.header == header else { fatalError("\(Args.self): header \(request.header) decoded apart as \(header)") }
    check(request.args)
    let body = APIJSON.encode(request)
    let again = Result { () throws(StrictJSONError) in try StrictJSON.decode(Request<Args>.self, from: body) }
    guard case .success(let decoded) = again, decoded.args == request.args, decoded.header == header else {
        fatalError("\(Args.self): \(request.args) encoded as \(String(decoding: body, as: UTF8.self)) decodes as \(again)")
    }
}

/// The refusal becomes the answer's message; the API promises it is at most 500 characters.
private func checkAnswerable(_ error: StrictJSONError) {
    let answer = APIError(.badRequest, error.description)
    guard answer.message.count <= APIError.maxMessageCharacters + "… (cut)".count else {
        fatalError("an error message of \(answer.message.count) characters: \(answer.message.prefix(200))")
    }
}
