/// Reads sample values out of Prometheus text so tests compare numbers, not float formatting or label order.
struct Exposition {
    private struct Sample {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    private let samples: [Sample]

    init(_ text: String) {
        samples = text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#"), let space = line.lastIndex(of: " "),
                let value = Double(line[line.index(after: space)...])
            else { return nil }
            let series = line[..<space]
            guard let open = series.firstIndex(of: "{") else {
                return Sample(name: String(series), labels: [:], value: value)
            }
            // Test label values hold no quotes or commas, so a plain split is enough.
            let pairs = series[series.index(after: open)..<series.index(before: series.endIndex)]
                .split(separator: ",").map { pair in
                    let parts = pair.split(separator: "=", maxSplits: 1)
                    return (String(parts[0]), String(parts[1].dropFirst().dropLast()))
                }
            return Sample(
                name: String(series[..<open]), labels: Dictionary(uniqueKeysWithValues: pairs), value: value)
        }
    }

    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { $0.name == name && $0.labels == labels }?.value
    }

    /// The label values of every sample of `name`, for checking how many series a label produced.
    func values(of label: String, in name: String) -> Set<String> {
        Set(samples.filter { $0.name == name }.compactMap { $0.labels[label] })
    }
}
