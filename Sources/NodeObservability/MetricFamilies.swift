import Prometheus

/// Every metric name and help text the node exposes, in one place so dashboards can be checked against it.
///
/// Computed rather than stored because `MetricNameDescriptor` is not `Sendable`.
enum MetricFamilies {
    private static func named(_ name: String, unit: String = "", _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "interflow", metricName: name, unitName: unit, helpText: help)
    }

    static var term: MetricNameDescriptor { named("term", "Current Raft term.") }
    static var commitIndex: MetricNameDescriptor { named("commit_index", "Highest log index known to be committed.") }
    static var appliedIndex: MetricNameDescriptor {
        named("applied_index", "Highest log index applied to the state machine.")
    }
    static var lastIndex: MetricNameDescriptor { named("last_index", "Index of the last entry in the local log.") }
    static var applyLag: MetricNameDescriptor {
        named("apply_lag", unit: "entries", "Committed entries not yet applied (commit index minus applied index).")
    }
    static var isLeader: MetricNameDescriptor { named("is_leader", "1 while this node is the leader, else 0.") }
    static var role: MetricNameDescriptor { named("role", "1 for the node's current Raft role, 0 for the others.") }
    static var hasLeader: MetricNameDescriptor {
        named("has_leader", "1 while this node knows a leader, else 0 (which node leads: the one whose is_leader is 1).")
    }
    static var buildInfo: MetricNameDescriptor {
        named("build_info", "Always 1; the labels say which build runs.")
    }
    static var leaderChanges: MetricNameDescriptor {
        named("leader_changes", unit: "total", "Times this node saw the leader change.")
    }
    static var proposals: MetricNameDescriptor {
        named("proposals", unit: "total", "Client writes this node proposed: appended as leader, or forwarded to the leader as a follower.")
    }
    static var fsyncLatency: MetricNameDescriptor {
        named("fsync_latency", unit: "seconds", "Time to make log writes durable.")
    }
    static var entriesPerFsync: MetricNameDescriptor {
        named("entries_per_fsync", "Log entries made durable by one fsync: above 1, writes share it (group commit).")
    }
    static var entriesPerApply: MetricNameDescriptor {
        named("entries_per_apply", "Committed entries applied by one SQLite transaction.")
    }
    static var commitLatency: MetricNameDescriptor {
        named("commit_latency", unit: "seconds", "Time on the leader from proposing an entry to applying it.")
    }
    static var peerRoundTrip: MetricNameDescriptor {
        named("peer_round_trip", unit: "seconds", "Time from a request to a peer to its reply.")
    }
    static var framesDropped: MetricNameDescriptor {
        named("frames_dropped", unit: "total", "Peer frames, client requests and answers dropped, by reason.")
    }
    static var apiRequests: MetricNameDescriptor {
        named("api_requests", unit: "total", "Client API requests, by operation and result.")
    }
    static var handshakesRefused: MetricNameDescriptor {
        named("handshakes_refused", unit: "total", "CURVE handshakes refused because the key is not admitted.")
    }
    static var peerConnected: MetricNameDescriptor {
        named("peer_connected", "1 while the link to the peer is up, else 0.")
    }
    static var dataDiskFree: MetricNameDescriptor {
        named("data_disk_free", unit: "bytes", "Bytes the node's user may still write on the filesystem of its data directory.")
    }
    static var dataDiskSize: MetricNameDescriptor {
        named("data_disk_size", unit: "bytes", "Size of the filesystem of the node's data directory.")
    }

    static var ccQueueLength: MetricNameDescriptor {
        named("cc_queue_length", "Contacts waiting (queued or offered) at the center on the channel.")
    }
    static var ccOldestWait: MetricNameDescriptor {
        named("cc_oldest_wait", unit: "seconds", "Wait so far of the longest-waiting contact at the center on the channel.")
    }
    static var ccInService: MetricNameDescriptor {
        named("cc_in_service", "Contacts in service at the center on the channel.")
    }
    static var ccServiceLevel: MetricNameDescriptor {
        named("cc_service_level", unit: "ratio", "Answered within the service-level threshold over answered; abandons not counted.")
    }
    static var ccAverageSpeedOfAnswer: MetricNameDescriptor {
        named("cc_average_speed_of_answer", unit: "seconds", "Mean wait of the answered contacts, enqueue to accept.")
    }
    static var ccAbandonment: MetricNameDescriptor {
        named("cc_abandonment", unit: "ratio", "Abandoned over offered at the center on the channel.")
    }
    static var ccOccupancy: MetricNameDescriptor {
        named("cc_occupancy", unit: "ratio", "The center's agents' handling time over handling plus available time.")
    }
    static var ccTrafficShare: MetricNameDescriptor {
        named("cc_traffic_share", unit: "ratio", "The center's part of everything offered on the channel network-wide.")
    }
    static var ccCenterStatus: MetricNameDescriptor {
        named("cc_center_status", "1 for the center's committed status (up, draining, dark, recovering), 0 for the others.")
    }
    static var ccCenterDarkReason: MetricNameDescriptor {
        named(
            "cc_center_dark_reason",
            "1 for why the center is dark or draining (node-silent, staff-absent, operator-blackout, draining), 0 for the other reasons; all 0 while up or recovering.")
    }
    static var ccChannelDark: MetricNameDescriptor {
        named("cc_channel_dark", "1 while the channel is dark on its own at a staffed center (channel-unstaffed), else 0.")
    }
    static var ccFailbackPercent: MetricNameDescriptor {
        named(
            "cc_failback_percent",
            "Share of its own branches' new contacts the center takes, in percent: 100 up, the failback step while recovering (0 in the hold-down), 0 dark or draining.")
    }
    static var ccPresentAgents: MetricNameDescriptor {
        named("cc_present_agents", "Agents logged in at the center: ready, offered, serving or in wrap-up.")
    }
    static var ccBrokenRoute: MetricNameDescriptor {
        named("cc_broken_route", "1 while the center `to` refuses or does not answer overflow from `from`; absent otherwise.")
    }
}
