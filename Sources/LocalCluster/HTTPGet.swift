import Foundation
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A blocking GET for a node's /metrics, /health and /ready, bounded by `timeoutMs`: for
/// `clusterctl health` and for tests.
public enum HTTPGet {
    public struct Failed: Error, CustomStringConvertible {
        public var description: String
    }

    public static func get(_ url: String, timeoutMs: Int = 2_000) throws -> String {
        try fetch(url, timeoutMs: timeoutMs).body
    }

    public static func fetch(_ url: String, timeoutMs: Int = 2_000) throws -> (status: Int, body: String) {
        guard let address = URL(string: url) else { throw Failed(description: "bad URL \(url)") }
        var request = URLRequest(url: address)
        request.timeoutInterval = Double(timeoutMs) / 1000
        let done = DispatchSemaphore(value: 0)
        let result = Mutex<Result<(Int, String), any Error>>(.failure(Failed(description: "no answer from \(url)")))
        URLSession.shared.dataTask(with: request) { data, response, error in
            let outcome: Result<(Int, String), any Error> =
                if let error { .failure(error) } else {
                    .success(((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data ?? Data(), as: UTF8.self)))
                }
            result.withLock { $0 = outcome }
            done.signal()
        }.resume()
        guard done.wait(timeout: .now() + .milliseconds(timeoutMs + 1_000)) == .success else {
            throw Failed(description: "no answer from \(url) within \(timeoutMs) ms")
        }
        let (status, body) = try result.withLock { $0 }.get()
        return (status, body)
    }
}
