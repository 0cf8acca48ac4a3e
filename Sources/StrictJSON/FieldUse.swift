/// Which fields each decoded object was asked for, so that after decoding the fields nobody asked
/// for can be named as unknown, with the nearest known name when one is close.
final class FieldUse {
    private struct Opened {
        let path: DocumentPath
        let present: [String]
        var asked: Set<String> = []
    }

    private var opened: [Opened] = []

    /// Returns a handle for `asked(_:by:)`.
    func open(_ object: JSONObject, at path: DocumentPath) -> Int {
        opened.append(Opened(path: path, present: object.keys))
        return opened.count - 1
    }

    func asked(_ key: String, by handle: Int) {
        opened[handle].asked.insert(key)
    }

    /// The first field present that no decoder asked for; an object opened twice (the same path)
    /// counts the fields asked by either.
    func firstUnknown() -> StrictJSONError? {
        // Nearly always every field was asked for: say so without writing out any path.
        guard opened.contains(where: { entry in entry.present.contains { !entry.asked.contains($0) } }) else { return nil }
        var askedByPath: [String: Set<String>] = [:]
        for entry in opened { askedByPath[entry.path.text, default: []].formUnion(entry.asked) }
        for entry in opened {
            let path = entry.path.text
            let known = askedByPath[path] ?? []
            guard let unknown = entry.present.first(where: { !known.contains($0) }) else { continue }
            let field = path.isEmpty ? unknown : "\(path).\(unknown)"
            return Self.unknown(unknown, at: field, known: known)
        }
        return nil
    }

    static func unknown(_ name: String, at field: String, known: Set<String>) -> StrictJSONError {
        let hint = nearest(name, in: known).map { ": did you mean `\($0)`?" } ?? ""
        return StrictJSONError(.unknownField, path: field, "is not a known field\(hint)")
    }

    /// A known name the unknown one is probably a typo of: the same but for case, or at most two
    /// edits away.
    static func nearest(_ name: String, in known: Set<String>) -> String? {
        if let sameButCase = known.first(where: { $0.lowercased() == name.lowercased() }) { return sameButCase }
        let ranked = known.map { ($0, editDistance(Array(name.utf8), Array($0.utf8))) }.filter { $0.1 <= 2 }
        return ranked.min { ($0.1, $0.0) < ($1.1, $1.0) }?.0
    }

    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        guard !a.isEmpty else { return b.count }
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var row = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                row[j + 1] = min(previous[j + 1] + 1, row[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            previous = row
        }
        return previous[b.count]
    }
}
