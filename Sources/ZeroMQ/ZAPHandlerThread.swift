import Dispatch
import Foundation
import Synchronization

/// One run of the ZAP handler: a thread that owns the REP socket on the ZAP endpoint and a PAIR
/// socket through which `stop` wakes it. Both sockets are created, used and closed on that thread only.
final class ZAPHandlerThread: Sendable {
    /// A backstop for the wake-up message: the loop looks at `stopRequested` at least this often.
    static let tickMs = 100

    private let stopRequested = Atomic<Bool>(false)
    private let started = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let startupError = Mutex<ZeroMQError?>(nil)
    private let controlEndpoint = "inproc://interflow.zap.control.\(UInt64.random(in: .min ... .max))"

    /// Returns once the ZAP endpoint is bound, so no CURVE handshake can find it missing.
    static func start(
        context: ZeroMQContext, policy: ZAPPolicy,
        observer: (@Sendable (ZAPDecision) -> Void)?, timeoutMs: Int
    ) throws(ZeroMQError) -> ZAPHandlerThread {
        let run = ZAPHandlerThread()
        let thread = Thread { run.main(context: context, policy: policy, observer: observer) }
        thread.name = "zap-handler"
        thread.start()
        guard run.started.wait(timeout: .now() + .milliseconds(timeoutMs)) == .success else {
            run.stopRequested.store(true, ordering: .releasing)
            throw ZeroMQError(operation: "start ZAP handler", errno: ETIMEDOUT)
        }
        if let error = run.startupError.withLock({ $0 }) { throw error }
        return run
    }

    /// True when the thread has exited (and unbound the ZAP endpoint) within `timeoutMs`.
    func stop(context: ZeroMQContext, timeoutMs: Int) -> Bool {
        stopRequested.store(true, ordering: .releasing)
        // Best effort: if the context is already closed, the thread's poll fails with ETERM by itself.
        if let waker = try? ZeroMQSocket(context: context, type: .pair) {
            if (try? waker.connect(controlEndpoint)) != nil {
                _ = try? waker.trySend([[]])
            }
            waker.close()
        }
        return finished.wait(timeout: .now() + .milliseconds(timeoutMs)) == .success
    }

    private func main(context: ZeroMQContext, policy: ZAPPolicy, observer: (@Sendable (ZAPDecision) -> Void)?) {
        defer { finished.signal() }
        let handler: ZeroMQSocket
        let control: ZeroMQSocket
        do {
            handler = try ZeroMQSocket(context: context, type: .rep)
            try handler.bind(ZAPAuthenticator.endpoint)
            control = try ZeroMQSocket(context: context, type: .pair)
            try control.bind(controlEndpoint)
        } catch {
            startupError.withLock { $0 = error }
            started.signal()
            return
        }
        started.signal()
        serve(handler: handler, control: control, policy: policy, observer: observer)
        // Released here, before `finished` is signalled, so a stopped handler can be started again at
        // once: zmq_close frees an inproc endpoint only later, on libzmq's reaper thread; zmq_unbind
        // frees it now.
        try? handler.unbind(ZAPAuthenticator.endpoint)
        handler.close()
        control.close()
    }

    private func serve(
        handler: ZeroMQSocket, control: ZeroMQSocket, policy: ZAPPolicy,
        observer: (@Sendable (ZAPDecision) -> Void)?
    ) {
        let poller = ZeroMQPoller()
        let handlerIndex = poller.register(handler)
        let controlIndex = poller.register(control)
        while !stopRequested.load(ordering: .acquiring) {
            // Any error here is ETERM (the context was closed) or equally final: stop serving.
            guard let ready = try? poller.poll(timeoutMs: Self.tickMs),
                ready[controlIndex].isEmpty
            else { return }
            guard ready[handlerIndex].contains(.readable) else { continue }
            guard let request = try? handler.tryReceive() else { return }
            let (reply, decision) = policy.answer(request.frames)
            // A REP reply never waits: it goes back on the pipe the request came from.
            guard (try? handler.trySend(reply)) != nil else { return }
            if let decision { observer?(decision) }
        }
    }
}
