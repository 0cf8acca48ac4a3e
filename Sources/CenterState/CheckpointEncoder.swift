import ClientAPI
import ContactCenter
import Dispatch
import Foundation
import Synchronization

/// Encodes the contact-center model's checkpoint images. An image of 100,000 contacts takes on the
/// order of a second to encode: on the node's loop that would stop its heartbeats and cost an
/// election, so by default it runs on another thread, from a copy of the model (a Sendable value),
/// and lands in a later transaction. At most one image is in flight.
final class CheckpointEncoder: Sendable {
    enum Mode: Sendable {
        /// In the applying transaction; for tests that want every step in order.
        case inline
        case background
    }

    struct Image: Sendable {
        var index: UInt64
        var bytes: Data
    }

    private struct Slot {
        /// Bumped when the stored model is replaced (a snapshot, a restart), so that an image of
        /// the old one that lands late is thrown away.
        var generation: UInt64 = 0
        var inFlight = false
        var ready: Image?
    }

    let mode: Mode
    private let slot = Mutex(Slot())
    /// Entered by each encoding and left when it lands, so that a test can wait for it.
    private let encoding = DispatchGroup()

    init(mode: Mode) {
        self.mode = mode
    }

    static func encode(_ model: ContactCenterState) -> Data { Data(APIJSON.encode(model)) }

    /// Starts encoding `model`, as changed by the entry at `index`, unless an image is already on its way.
    func start(_ model: ContactCenterState, index: UInt64) {
        let generation: UInt64? = slot.withLock { slot in
            guard !slot.inFlight, slot.ready == nil else { return nil }
            slot.inFlight = true
            return slot.generation
        }
        guard let generation else { return }
        encoding.enter()
        let work: @Sendable () -> Void = {
            let image = Image(index: index, bytes: Self.encode(model))
            self.slot.withLock { slot in
                slot.inFlight = false
                if slot.generation == generation { slot.ready = image }
            }
            self.encoding.leave()
        }
        switch mode {
        case .inline: work()
        case .background: DispatchQueue.global(qos: .utility).async(execute: work)
        }
    }

    /// The image that finished encoding, if any, handed over once.
    func take() -> Image? {
        slot.withLock { slot in
            defer { slot.ready = nil }
            return slot.ready
        }
    }

    /// Forgets any image of the model as it was: the stored model was just replaced.
    func discard() {
        slot.withLock { slot in
            slot.generation += 1
            slot.ready = nil
        }
    }

    /// Waits until no image is being encoded, for at most `timeout`; false when one still is.
    func waitUntilIdle(timeout: DispatchTimeInterval) -> Bool { encoding.wait(timeout: .now() + timeout) == .success }
}
