/// A successful answer known from its first bytes, as wrk knows etcd's from its status line: a
/// node writes an answer's keys sorted (`JSONOutput`, `APIJSON.encode`), so a success begins
/// `{"ok":true,"requestId":"`. For a load generator, which counts answers rather than reads them.
public enum AnswerPeek {
    static let successPrefix = Array(#"{"ok":true,"requestId":""#.utf8)

    /// The request id of a successful answer; nil when the answer must be decoded to be known (an
    /// error, no request id, an id with an escape, or keys in another order).
    public static func successRequestID(in answer: [UInt8]) -> String? {
        guard answer.starts(with: successPrefix) else { return nil }
        let idStart = successPrefix.count
        guard let idEnd = answer[idStart...].firstIndex(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }),
            answer[idEnd] == UInt8(ascii: "\"")
        else { return nil }
        return String(decoding: answer[idStart..<idEnd], as: UTF8.self)
    }
}
