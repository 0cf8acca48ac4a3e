import Consensus

extension NodeConfig {
    /// Every problem with this configuration, each naming its field; empty when it is usable.
    public var problems: [ConfigError.Problem] {
        var found: [ConfigError.Problem] = []
        func require(_ condition: Bool, _ field: String, _ problem: String) {
            if !condition { found.append(ConfigError.Problem(field: field, problem: problem)) }
        }
        require(id >= 1, "id", "must be at least 1")
        require(!center.isEmpty, "center", "must not be empty")
        require(Endpoint.isZeroMQ(endpoints.peer), "endpoints.peer", Endpoint.zeroMQHint(endpoints.peer))
        require(Endpoint.isZeroMQ(endpoints.client), "endpoints.client", Endpoint.zeroMQHint(endpoints.client))
        require(Endpoint.isHostPort(endpoints.http), "endpoints.http", "must be host:port, not '\(endpoints.http)'")
        require(!dataDirectory.isEmpty, "dataDirectory", "must not be empty")
        require(!keys.publicKey.isEmpty, "keys.publicKey", "must name the node's public key file")
        require(!keys.secretKey.isEmpty, "keys.secretKey", "must name the node's secret key file")
        require(!members.isEmpty, "members", "must list every member, this node included")
        require(members.contains { $0.id == id }, "members", "must include this node (id \(id))")
        require(members.contains { $0.voter }, "members", "must include at least one voter")
        require(endpoints.client != endpoints.peer, "endpoints.client", "must differ from endpoints.peer")
        var seen: Set<NodeID> = []
        var peerEndpoints: [String: Int] = [:]
        for (position, member) in members.enumerated() {
            let field = "members[\(position)]"
            require(member.id >= 1, "\(field).id", "must be at least 1")
            require(seen.insert(member.id).inserted, "\(field).id", "\(member.id) is listed twice")
            require(!member.center.isEmpty, "\(field).center", "must not be empty")
            require(Endpoint.isZeroMQ(member.peer), "\(field).peer", Endpoint.zeroMQHint(member.peer))
            require(Endpoint.isZeroMQ(member.client), "\(field).client", Endpoint.zeroMQHint(member.client))
            require(!member.publicKey.isEmpty, "\(field).publicKey", "must name the member's public key file")
            require(member.client != member.peer, "\(field).client", "must differ from its peer endpoint")
            if let other = peerEndpoints.updateValue(position, forKey: member.peer) {
                require(false, "\(field).peer", "\(member.peer) is also members[\(other)].peer: each member needs its own")
            }
            if member.id == id {
                require(member.peer == endpoints.peer, "\(field).peer", "must equal endpoints.peer for this node")
                require(member.center == center, "\(field).center", "must equal center (\(center)) for this node")
            }
        }
        if let preferredLeader {
            require(
                members.contains { $0.id == preferredLeader && $0.voter }, "preferredLeader",
                "\(preferredLeader) is not a voting member")
        }
        require((1...10_000).contains(timing.tickMs), "timing.tickMs", "must be between 1 and 10000")
        // All three figures are the file's: a product past 64 bits, or a lower bound past the day,
        // must be refused like any window that does not fit, not trap (found by Fuzz/run.sh config).
        let electionTimeout = timing.electionTimeoutTicks.multipliedReportingOverflow(by: timing.tickMs)
        let twoElections = electionTimeout.partialValue.multipliedReportingOverflow(by: 2)
        let fits = !electionTimeout.overflow && !twoElections.overflow
        let silentMs = timing.centerSilentDarkAfterMs
        let twoElectionsText =
            fits ? "\(twoElections.partialValue) ms" : "timing.electionTimeoutTicks × timing.tickMs × 2, which overflows 64 bits"
        require(
            fits && twoElections.partialValue <= silentMs && silentMs <= 86_400_000, "timing.centerSilentDarkAfterMs",
            "must be between two election timeouts (\(twoElectionsText)) and a day, so a leader change is not a blackout")
        require(limits.maxFrameBytes >= 1_024, "limits.maxFrameBytes", "must be at least 1024")
        require(limits.maxPendingRequests >= 1, "limits.maxPendingRequests", "must be at least 1")
        require(limits.requestTimeoutMs >= 1, "limits.requestTimeoutMs", "must be at least 1")
        require(limits.snapshotEveryEntries >= 1, "limits.snapshotEveryEntries", "must be at least 1")
        require(limits.snapshotEveryBytes >= 1, "limits.snapshotEveryBytes", "must be at least 1")
        // The core's own checks, for the fields this file sets; each under its name in this file.
        for problem in raftConfiguration.problems {
            guard let field = Self.fieldsOfCore[problem.field], !found.contains(where: { $0.field == field }) else { continue }
            found.append(ConfigError.Problem(field: field, problem: problem.problem))
        }
        return found
    }

    /// Where the core's settings come from in this file (`maxBytesPerAppend` is derived from the
    /// frame limit); the core's other settings keep their defaults and cannot be wrong here.
    static let fieldsOfCore = [
        "id": "id", "electionTimeoutTicks": "timing.electionTimeoutTicks",
        "heartbeatIntervalTicks": "timing.heartbeatIntervalTicks", "commitNoticeTicks": "timing.commitNoticeTicks",
        "maxInflightAppends": "limits.maxInflightAppends", "maxEntriesPerAppend": "limits.maxEntriesPerAppend",
        "maxBytesPerAppend": "limits.maxFrameBytes", "preferredLeader": "preferredLeader",
    ]

    /// The core's configuration for this node.
    public var raftConfiguration: RaftConfiguration {
        var configuration = RaftConfiguration(id: id)
        configuration.electionTimeoutTicks = timing.electionTimeoutTicks
        configuration.heartbeatIntervalTicks = timing.heartbeatIntervalTicks
        configuration.commitNoticeTicks = timing.commitNoticeTicks
        configuration.maxInflightAppends = limits.maxInflightAppends
        configuration.maxEntriesPerAppend = limits.maxEntriesPerAppend
        // An append must fit in one peer frame; snapshots are sent in chunks instead.
        configuration.maxBytesPerAppend = min(configuration.maxBytesPerAppend, limits.maxFrameBytes / 2)
        configuration.preferredLeader = preferredLeader
        return configuration
    }
}

enum Endpoint {
    static func isZeroMQ(_ text: String) -> Bool {
        text.hasPrefix("tcp://") && isHostPort(String(text.dropFirst("tcp://".count)))
    }

    static func zeroMQHint(_ text: String) -> String {
        "must be a ZeroMQ TCP endpoint such as tcp://127.0.0.1:7100, not '\(text)'"
    }

    static func isHostPort(_ text: String) -> Bool {
        guard let colon = text.lastIndex(of: ":"), colon != text.startIndex,
            let port = Int(text[text.index(after: colon)...])
        else { return false }
        return (1...65_535).contains(port)
    }
}
