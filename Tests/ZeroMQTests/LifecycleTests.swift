#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation
import Synchronization
import Testing
import ZeroMQ

/// Closing in any order must neither hang nor crash; each test measures that it ends well inside a bound.
@Suite struct LifecycleTests {
    static let boundMs = 2000

    @Test func contextFirstThenSockets() throws {
        let elapsed = try ContinuousClock().measure {
            let context = try ZeroMQContext()
            let router = try ZeroMQSocket(context: context, type: .router)
            try router.bind("tcp://127.0.0.1:*")
            let dealer = try ZeroMQSocket(context: context, type: .dealer)
            try dealer.connect(try router.lastEndpoint())
            #expect(try dealer.send([bytes("unsent")], timeoutMs: 0))

            context.close()
            #expect(context.isClosed)
            let error = try #require(throws: ZeroMQError.self) { try dealer.send([bytes("x")], timeoutMs: 100) }
            #expect(error.isContextTerminated)
            #expect(throws: ZeroMQError.self) { try ZeroMQSocket(context: context, type: .rep) }
            dealer.close()
            router.close()
            context.close()
        }
        #expect(elapsed < .milliseconds(Self.boundMs))
    }

    @Test func socketsFirstThenContext() throws {
        let elapsed = try ContinuousClock().measure {
            let context = try ZeroMQContext()
            let dealer = try ZeroMQSocket(context: context, type: .dealer)
            // A peer that is never there: the queued message must not hold up termination.
            try dealer.connect("tcp://127.0.0.1:1")
            _ = try dealer.send([bytes("never delivered")], timeoutMs: 0)
            dealer.close()
            dealer.close()
            context.close()
        }
        #expect(elapsed < .milliseconds(Self.boundMs))
    }

    @Test func droppingEverythingWithoutCloseCleansUp() throws {
        let elapsed = try ContinuousClock().measure {
            try Self.openAndAbandon()
        }
        #expect(elapsed < .milliseconds(Self.boundMs))
    }

    private static func openAndAbandon() throws {
        let context = try ZeroMQContext()
        let authenticator = ZAPAuthenticator(context: context)
        try authenticator.start()
        let server = try ZeroMQSocket(context: context, type: .router)
        try server.configureCurveServer(secretKey: try CurveKeyPair.generate().secretKey, zapDomain: "x")
        try server.bind("tcp://127.0.0.1:*")
        let client = try ZeroMQSocket(context: context, type: .dealer)
        try client.connect(try server.lastEndpoint())
        _ = try client.send([bytes("pending")], timeoutMs: 0)
    }

    @Test func closingTheContextEndsABlockedReceiveOnAnotherThread() throws {
        let context = try ZeroMQContext()
        let outcome = Mutex<ZeroMQError?>(nil)
        let receiving = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        let clock = ContinuousClock()
        let start = clock.now
        // A thread of its own: the receive blocks, which a task on the shared pool must not do.
        Thread {
            defer { finished.signal() }
            do {
                let socket = try ZeroMQSocket(context: context, type: .pull)
                try socket.bind("inproc://nobody-sends")
                receiving.signal()
                _ = try socket.receive(timeoutMs: 10_000)
            } catch {
                outcome.withLock { $0 = error as? ZeroMQError }
            }
        }.start()
        #expect(receiving.wait(timeout: .now() + .milliseconds(Self.boundMs)) == .success)
        context.close()
        #expect(finished.wait(timeout: .now() + .milliseconds(Self.boundMs)) == .success)
        #expect(outcome.withLock { $0?.isContextTerminated } == true)
        #expect(clock.now - start < .milliseconds(Self.boundMs))
    }

    @Test func authenticatorEndsWhenItsContextCloses() throws {
        let context = try ZeroMQContext()
        let authenticator = ZAPAuthenticator(context: context)
        try authenticator.start()
        context.close()
        let elapsed = ContinuousClock().measure {
            #expect(authenticator.stop(timeoutMs: Self.boundMs))
        }
        #expect(elapsed < .milliseconds(Self.boundMs))
    }

    @Test func authenticatorRestartsOnTheSameContext() throws {
        let context = try ZeroMQContext()
        defer { context.close() }
        let authenticator = ZAPAuthenticator(context: context)
        let elapsed = try ContinuousClock().measure {
            for _ in 0..<3 {
                try authenticator.start()
                try authenticator.start()
                #expect(authenticator.isRunning)
                #expect(authenticator.stop(timeoutMs: Self.boundMs))
                #expect(authenticator.stop())
            }
        }
        // The stop message wakes the handler at once rather than at its next poll tick.
        #expect(elapsed < .milliseconds(250))
    }

    @Test func useAfterCloseIsAnErrorNotACrash() throws {
        let context = try ZeroMQContext()
        defer { context.close() }
        let socket = try ZeroMQSocket(context: context, type: .dealer)
        socket.close()
        #expect(socket.isClosed)
        let error = try #require(throws: ZeroMQError.self) { try socket.bind("tcp://127.0.0.1:*") }
        #expect(error.errno == ENOTSOCK)
        #expect(throws: ZeroMQError.self) { try socket.receive(timeoutMs: 0) }
        #expect(throws: ZeroMQError.self) { try socket.lastEndpoint() }
        let poller = ZeroMQPoller()
        poller.register(socket)
        #expect(throws: ZeroMQError.self) { try poller.poll(timeoutMs: 0) }
    }
}
