struct DeadlineExceeded: Error, CustomStringConvertible {
    var what: String
    var description: String { "\(what) did not finish in time" }
}

/// Runs `operation`, failing with ``DeadlineExceeded`` if it takes longer than `timeout`, so no test can hang.
///
/// The operation runs in a task of its own that is cancelled but not awaited on timeout: some waits,
/// such as for another task's result, ignore cancellation, and a task group would wait for them forever.
func within<T: Sendable>(
    _ timeout: Duration, _ what: String, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    let (outcomes, outcome) = AsyncStream<Result<T, any Error>>.makeStream()
    let work = Task {
        do {
            outcome.yield(.success(try await operation()))
        } catch {
            outcome.yield(.failure(error))
        }
    }
    let timer = Task {
        try await Task.sleep(for: timeout)
        outcome.yield(.failure(DeadlineExceeded(what: what)))
    }
    defer {
        work.cancel()
        timer.cancel()
    }
    var first = outcomes.makeAsyncIterator()
    guard let result = await first.next() else { throw CancellationError() }
    return try result.get()
}
