/// The JSON of a successful ticket write's answer, written directly (see `JSONOutput`): the same
/// bytes `APIJSON.encode` gives, at a fraction of the CPU.
extension Response where Result == TicketWriteResult {
    public var json: [UInt8] {
        guard ok, let result, error == nil else { return APIJSON.encode(self) }
        var output = JSONOutput(capacity: 320 + result.ticket.history.reduce(0) { $0 + 64 + $1.text.utf8.count })
        output.object { output in
            output.member("ok", ok)
            output.member("requestId", requestId)
            output.key("result")
            result.write(to: &output)
            output.member("v", v)
        }
        return output.bytes
    }
}

extension TicketWriteResult {
    func write(to output: inout JSONOutput) {
        output.object { output in
            output.member("appliedIndex", appliedIndex)
            output.key("ticket")
            ticket.write(to: &output)
        }
    }
}

extension Ticket {
    func write(to output: inout JSONOutput) {
        output.object { output in
            output.member("assignee", assignee)
            output.member("callbackWanted", callbackWanted)
            output.member("category", category.rawValue)
            output.member("center", center)
            output.member("createdAtMs", createdAtMs)
            output.member("dueAtMs", dueAtMs)
            output.member("escalatedTo", escalatedTo)
            output.key("history")
            output.array(history) { output, line in
                output.object { output in
                    output.member("atMs", line.atMs)
                    output.member("author", line.author)
                    output.member("text", line.text)
                }
            }
            output.member("homeCenter", homeCenter)
            output.member("id", id)
            output.member("lineCount", lineCount)
            output.member("priority", priority.rawValue)
            output.member("state", state.rawValue)
            output.member("title", title)
            output.member("updatedAtMs", updatedAtMs)
        }
    }
}
