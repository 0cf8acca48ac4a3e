import CZeroMQ
import Synchronization

/// The raw libzmq context, shared by the `ZeroMQContext` that created it and by each open socket.
///
/// `zmq_ctx_term` blocks until every socket of the context is closed. Because each socket keeps this
/// handle alive until right after its own `zmq_close`, the handle's deinit runs only once no socket is
/// left, so termination never waits on anyone (all sockets use linger 0).
///
/// `@unchecked Sendable` is safe here: libzmq documents contexts as thread-safe, the pointer never
/// changes after init, and it is terminated exactly once, in deinit, when no other reference exists.
final class ContextHandle: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer
    /// libzmq delivers a shutdown to each socket asynchronously, so a send that need not wait can still
    /// "succeed" after it (and the message is dropped); sockets check this to fail at once instead.
    private let isShutDownFlag = Atomic<Bool>(false)

    init() throws(ZeroMQError) {
        guard let raw = zmq_ctx_new() else { throw ZeroMQError.last("zmq_ctx_new") }
        // New sockets then default to linger 0 as well, so no path can make termination wait.
        _ = zmq_ctx_set(raw, ZMQ_BLOCKY, 0)
        self.raw = raw
    }

    /// Makes blocking calls on this context's sockets, in any thread, return ETERM now;
    /// the sockets themselves are still closed by their owners.
    func shutdown() {
        isShutDownFlag.store(true, ordering: .releasing)
        _ = zmq_ctx_shutdown(raw)
    }

    var isShutDown: Bool { isShutDownFlag.load(ordering: .acquiring) }

    deinit {
        while zmq_ctx_term(raw) != 0 && zmq_errno() == EINTR {}
    }
}
