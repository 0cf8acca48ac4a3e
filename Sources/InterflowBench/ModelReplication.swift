import ClientAPI
import ContactCenter
import Foundation

/// Grows a model's queue by copying its contacts, through the model's JSON image. Each `apply`
/// recomputes the routing situation from every live contact, so a hundred thousand enqueues cost
/// time quadratic in the queue (about an hour here); copying a routed sample costs seconds. The
/// copies keep their originals' routing decisions, get new ids and later enqueue times, and the
/// counters and totals are set to match, so the image keeps the model's rules, which the nodes
/// check before they use it.
enum ModelReplication {
    /// The sample's live contacts, copied until the model holds `target` of them; the sample's ids
    /// must run from 1 without gaps, as they do when nothing has finished.
    static func grow(_ sample: ContactCenterState, to target: Int) throws -> ContactCenterState {
        let sampleCount = sample.contacts.count
        guard target > sampleCount else { return sample }
        guard sampleCount > 0, sample.nextContactID == UInt64(sampleCount) + 1, sample.finished.isEmpty else {
            throw ScaleSetupError.modelBroken("the sample to copy must hold contacts 1...\(sampleCount) and no finished ones")
        }
        guard var image = try JSONSerialization.jsonObject(with: Data(APIJSON.encode(sample))) as? [String: Any],
            let pairs = image["contacts"] as? [Any]
        else { throw ScaleSetupError.modelBroken("the model's image is not the JSON this code expects") }
        // Dictionaries keyed by numbers encode as [key, value, key, value, ...].
        var originals: [[String: Any]] = []
        for position in stride(from: 1, to: pairs.count, by: 2) {
            guard let contact = pairs[position] as? [String: Any] else { throw ScaleSetupError.modelBroken("a contact is not an object") }
            originals.append(contact)
        }
        originals.sort { ($0["id"] as? Int ?? 0) < ($1["id"] as? Int ?? 0) }

        var contacts: [Any] = []
        contacts.reserveCapacity(target * 2)
        var offered: [String: [String: Int]] = [:]
        var latestMs = 0
        for id in 1...target {
            var contact = originals[(id - 1) % sampleCount]
            let round = (id - 1) / sampleCount
            // Copies arrive after their originals by a whole sample's span, one millisecond apart.
            let enqueuedMs = (contact["enqueuedAtMs"] as? Int ?? 0) + round * sampleCount
            contact["id"] = id
            contact["enqueuedAtMs"] = enqueuedMs
            latestMs = max(latestMs, enqueuedMs)
            let center = contact["center"] as? String ?? ""
            let channel = contact["channel"] as? String ?? ""
            offered[center, default: [:]][channel, default: 0] += 1
            contacts.append(id)
            contacts.append(contact)
        }
        image["contacts"] = contacts
        image["nextContactID"] = target + 1
        image["clockMs"] = max(image["clockMs"] as? Int ?? 0, latestMs)
        image["counters"] = offered.sorted { $0.key < $1.key }.flatMap { center, channels in
            channels.sorted { $0.key < $1.key }.flatMap { channel, count -> [Any] in
                [["center": center, "channel": channel], Self.counters(offered: count)]
            }
        }
        guard var totals = image["totals"] as? [String: Any] else { throw ScaleSetupError.modelBroken("the image has no totals") }
        totals["enqueued"] = target
        image["totals"] = totals
        return try APIJSON.decode(ContactCenterState.self, from: [UInt8](JSONSerialization.data(withJSONObject: image)))
    }

    /// Nothing answered or abandoned yet: every contact is still queued.
    private static func counters(offered: Int) -> [String: Any] {
        ["offered": offered, "answered": 0, "answeredWithinThreshold": 0, "abandoned": 0, "handleMs": 0, "totalWaitMs": 0]
    }
}
