/// Where a value sits in the document, as a link to its parent. A `codingPath` array copied for
/// every field was a good part of a request's decoding (profiled at 128 clients); the keys are
/// put together only when asked for, which is mostly for an error.
indirect enum DocumentPath {
    case root
    case child(DocumentPath, any CodingKey)

    func appending(_ key: any CodingKey) -> DocumentPath { .child(self, key) }

    var codingPath: [any CodingKey] {
        var keys: [any CodingKey] = []
        var node = self
        while case .child(let parent, let key) = node {
            keys.append(key)
            node = parent
        }
        return keys.reversed()
    }

    var text: String { pathText(codingPath) }
}
