/// A point in monotonic time, so that a wait interrupted by EINTR resumes with what is left of its
/// budget instead of starting it over.
struct Deadline {
    private let end: ContinuousClock.Instant

    init(afterMs timeoutMs: Int32) {
        end = ContinuousClock.now.advanced(by: .milliseconds(Int(timeoutMs)))
    }

    /// Rounded up, so a wait never ends early; 0 once the deadline has passed.
    func remainingMs() -> Int32 {
        let left = ContinuousClock.now.duration(to: end)
        guard left > .zero else { return 0 }
        let (seconds, attoseconds) = left.components
        let ms = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: ms)
    }
}
