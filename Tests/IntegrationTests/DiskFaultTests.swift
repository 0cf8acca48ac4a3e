import ClientAPI
import Foundation
import GRDB
import InterflowTesting
import LocalCluster
import Testing

/// Mounting a small tmpfs or a read-only bind needs root, and a kernel and container that let
/// root mount (CI runs as root on such a machine): tried once on a scratch directory.
private let canMount: Bool = {
    guard getuid() == 0 else { return false }
    let point = FileManager.default.temporaryDirectory.appendingPathComponent("interflow-mount-probe-\(UUID().uuidString)").path
    guard (try? FileManager.default.createDirectory(atPath: point, withIntermediateDirectories: false)) != nil else { return false }
    defer { try? FileManager.default.removeItem(atPath: point) }
    func run(_ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
    guard run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", point]) else { return false }
    return run(["umount", point])
}()

extension RealProcesses {
    /// A node whose store it cannot trust or cannot write stops, naming the file and what to do,
    /// rather than serve; and nothing acknowledged is lost.
    @Suite("Disk faults", .serialized)
    struct DiskFaultTests {
        /// Starts `node` again and waits for it to exit; returns its log from that start on.
        static func failedStart(_ cluster: TestCluster, node: UInt64) throws -> String {
            let record = try cluster.record(node: node)
            let logged = (try? String(contentsOfFile: record.logPath, encoding: .utf8))?.count ?? 0
            try cluster.start(node: node)
            let pid = try #require(try cluster.record(node: node).pid)
            let status = ProcessControl.waitForExit(pid: pid, timeoutMs: 30_000)
            #expect(status != nil && status != .exited(code: 0), "node \(node) kept running (\(String(describing: status)))")
            let log = try String(contentsOfFile: record.logPath, encoding: .utf8)
            return String(log.dropFirst(logged))
        }

        static func shell(_ arguments: [String]) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = arguments
            try process.run()
            process.waitUntilExit()
            try #require(process.terminationStatus == 0, "\(arguments.joined(separator: " ")) failed")
        }

        @Test("a database from a newer schema: the node refuses to start, naming the file and what to do")
        func newerSchema() throws {
            try withCluster(nodes: 3) { cluster in
                let leader = try cluster.waitForLeader()
                let victim = cluster.nodeIDs.first { $0 != leader }!
                let acknowledged = try cluster.client(node: leader).createTicket("before the upgrade mishap").ticket.id
                try cluster.stop(node: victim)
                let database = try cluster.record(node: victim).configPath.replacingOccurrences(of: "config.json", with: "data/node.sqlite")
                let queue = try DatabaseQueue(path: database)
                try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v9-from-the-future')") }
                try queue.close()
                let log = try Self.failedStart(cluster, node: victim)
                #expect(log.contains(database) && log.contains("newer version"), "\(log)")
                #expect(log.contains("Run the newer version of center-node"), "\(log)")
                // The others still serve everything acknowledged.
                #expect(try cluster.client(node: leader).tickets().contains { $0.id == acknowledged })
            }
        }

        @Test("a read-only data directory: the node refuses to start, naming the file and what to do", .enabled(if: canMount, "needs root allowed to mount (a read-only bind)"))
        func readOnlyDataDirectory() throws {
            try withCluster(nodes: 3) { cluster in
                let leader = try cluster.waitForLeader()
                let victim = cluster.nodeIDs.first { $0 != leader }!
                try cluster.stop(node: victim)
                let data = try cluster.record(node: victim).configPath.replacingOccurrences(of: "config.json", with: "data")
                try Self.shell(["mount", "--bind", data, data])
                defer { try? Self.shell(["umount", "-l", data]) }
                try Self.shell(["mount", "-o", "remount,bind,ro", data])
                let log = try Self.failedStart(cluster, node: victim)
                #expect(log.contains(data + "/node.sqlite"), "\(log)")
                #expect(log.contains("must be writable"), "\(log)")
            }
        }

        @Test("a full disk: the node stops, naming the file; once there is room it catches up and nothing acknowledged is lost",
            .enabled(if: canMount, "needs root allowed to mount (a small tmpfs)"))
        func fullDisk() throws {
            try withCluster(nodes: 3) { cluster in
                let leader = try cluster.waitForLeader()
                let victim = cluster.nodeIDs.first { $0 != leader }!
                try cluster.stop(node: victim)
                let data = try cluster.record(node: victim).configPath.replacingOccurrences(of: "config.json", with: "data")
                // Its log, preallocated to 64 MiB, is emptied into the database first, so that the
                // copy fits; starting there, the node finds no room for the zeros and goes on without.
                let stopped = try DatabaseQueue(path: data + "/node.sqlite")
                try stopped.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
                try stopped.close()
                let saved = data + ".saved"
                try FileManager.default.moveItem(atPath: data, toPath: saved)
                try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: false)
                try Self.shell(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", data])
                defer { try? Self.shell(["umount", "-l", data]) }
                for item in try FileManager.default.contentsOfDirectory(atPath: saved) {
                    try FileManager.default.copyItem(atPath: saved + "/" + item, toPath: data + "/" + item)
                }
                let logged = (try? String(contentsOfFile: try cluster.record(node: victim).logPath, encoding: .utf8))?.count ?? 0
                try cluster.start(node: victim)
                let pid = try #require(try cluster.record(node: victim).pid)
                let writer = try cluster.client(node: leader)
                let line = String(repeating: "x", count: 3_900)
                var acknowledged: [Int64] = []
                var exited: LocalCluster.ExitStatus?
                for number in 0..<3_000 where exited == nil {
                    acknowledged.append(try writer.call(
                        .ticketCreate, TicketCreateArgs(title: "filling \(number)", text: line), as: TicketWriteResult.self).ticket.id)
                    if number % 20 == 0 { exited = ProcessControl.exitStatus(pid: pid) }
                }
                let status = try #require(exited ?? ProcessControl.waitForExit(pid: pid, timeoutMs: 10_000), "the node never stopped on a full disk")
                #expect(status != .exited(code: 0))
                let log = String(try String(contentsOfFile: try cluster.record(node: victim).logPath, encoding: .utf8).dropFirst(logged))
                #expect(log.contains(data + "/node.sqlite") && log.contains("The disk is full"), "\(log.suffix(2_000))")
                // Writes went on meanwhile on the other two; room again, and the node catches up.
                for number in 0..<20 { acknowledged.append(try writer.createTicket("while it was full \(number)").ticket.id) }
                try Self.shell(["mount", "-o", "remount,size=512m", data])
                try cluster.start(node: victim)
                let back = try cluster.client(node: victim)
                try eventually("node \(victim) holds every acknowledged ticket", timeoutMs: 60_000) {
                    Set(try back.tickets(stale: true, limit: 1000).map(\.id)).isSuperset(of: acknowledged.suffix(1000))
                }
            }
        }

        @Test("a corrupted last WAL frame on a killed follower: a node that lost acknowledged entries stops and says so; emptied, it catches up; nothing acknowledged is lost")
        func corruptedLastWALFrame() throws {
            try withCluster(nodes: 3) { cluster in
                let leader = try cluster.waitForLeader()
                let victim = cluster.nodeIDs.first { $0 != leader }!
                let writer = try cluster.client(node: leader)
                var acknowledged: [Int64] = []
                for number in 0..<200 { acknowledged.append(try writer.createTicket("before the damage \(number)").ticket.id) }
                try cluster.kill(node: victim)
                let wal = try cluster.record(node: victim).configPath.replacingOccurrences(of: "config.json", with: "data/node.sqlite-wal")
                let handle = try #require(FileHandle(forUpdatingAtPath: wal))
                let bytes = try #require(try handle.readToEnd())
                try #require(bytes.count > 32, "the WAL is empty: nothing to damage")
                let pageSize = Int(bytes[8]) << 24 | Int(bytes[9]) << 16 | Int(bytes[10]) << 8 | Int(bytes[11])
                // The log is preallocated with zeros: its frames end where a frame's salts stop
                // matching the header's, as SQLite's recovery reads it, not at the end of the file.
                let salts = bytes[16..<24]
                var frames = 0
                while 32 + (frames + 1) * (24 + pageSize) <= bytes.count {
                    let start = 32 + frames * (24 + pageSize)
                    guard bytes[(start + 8)..<(start + 16)].elementsEqual(salts) else { break }
                    frames += 1
                }
                try #require(frames > 0)
                // Garbage over the last whole frame's page, as a bad sector would leave it.
                try handle.seek(toOffset: UInt64(32 + (frames - 1) * (24 + pageSize) + 24))
                try handle.write(contentsOf: Data(repeating: 0xA5, count: pageSize))
                try handle.close()
                for number in 0..<20 { acknowledged.append(try writer.createTicket("while it was down \(number)").ticket.id) }
                let record = try cluster.record(node: victim)
                let logged = (try? String(contentsOfFile: record.logPath, encoding: .utf8))?.count ?? 0
                try cluster.start(node: victim)
                // SQLite drops the damaged transaction. If it held log entries the node had
                // acknowledged, the leader's next heartbeat shows it: the node stops, naming its file.
                let pid = try #require(try cluster.record(node: victim).pid)
                if let status = ProcessControl.waitForExit(pid: pid, timeoutMs: 5_000) {
                    let log = String(try String(contentsOfFile: record.logPath, encoding: .utf8).dropFirst(logged))
                    #expect(status != .exited(code: 0))
                    #expect(log.contains(wal.replacingOccurrences(of: "-wal", with: "")) && log.contains("lost entries it had acknowledged"), "\(log)")
                    #expect(log.contains("empty this data directory, move leadership to another node"), "\(log)")
                    // Nothing acknowledged is lost on the others.
                    #expect(Set(try writer.tickets(limit: 1000).map(\.id)).isSuperset(of: acknowledged))
                    // The recovery the message gives: empty it, move leadership, start it.
                    let data = URL(fileURLWithPath: wal).deletingLastPathComponent().path
                    for item in try FileManager.default.contentsOfDirectory(atPath: data) {
                        try FileManager.default.removeItem(atPath: data + "/" + item)
                    }
                    let other = cluster.nodeIDs.first { $0 != leader && $0 != victim }!
                    _ = try writer.call(.leaderTransfer, LeaderTransferArgs(to: other), as: LeaderTransferResult.self)
                    let successor = try cluster.client(node: other)
                    try eventually("node \(other) leads") { try successor.status().node.role == "leader" }
                    try cluster.start(node: victim)
                }
                let back = try cluster.clientKey(node: victim)
                try eventually("node \(victim) serves every acknowledged ticket through linearizable reads", timeoutMs: 60_000) {
                    Set(try back.tickets(limit: 1000).map(\.id)).isSuperset(of: acknowledged)
                }
                #expect(Set(try back.tickets(stale: true, limit: 1000).map(\.id)).isSuperset(of: acknowledged))
            }
        }
    }
}
