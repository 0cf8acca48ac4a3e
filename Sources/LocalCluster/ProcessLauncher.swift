import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts node processes detached from the terminal: a session of their own (so a Ctrl-C meant for
/// clusterctl or a test runner does not reach them), stdin from /dev/null, stdout and stderr appended
/// to the node's log.
enum ProcessLauncher {
    /// glibc's value (spawn.h, a GNU extension Swift does not import); Darwin names it.
    #if canImport(Glibc)
    private static let setSessionFlag: Int16 = 0x80
    #else
    private static let setSessionFlag = Int16(POSIX_SPAWN_SETSID)
    #endif

    static func spawn(_ identity: ProcessIdentity, logPath: String) throws(LocalClusterError) -> Int32 {
        let command = [identity.executable] + identity.arguments
        // `ip netns exec` enters the namespace and execs the node: the pid stays the node's.
        return try spawn(identity.namespace.map { LabNetwork.inNamespace($0, command) } ?? command, logPath: logPath)
    }

    /// argv[0] is the executable's path.
    static func spawn(_ argv: [String], logPath: String) throws(LocalClusterError) -> Int32 {
        appendMarker(argv, to: logPath)
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // A pipe inherited from our caller would keep e.g. a test harness reading our stdout waiting
        // for an EOF that comes only when the node ends.
        for descriptor in inheritableDescriptors() {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        // The node must die of SIGTERM and SIGPIPE even when the launcher ignores or blocks them.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGPIPE] { sigaddset(&defaults, signal) }
        var noneBlocked = sigset_t()
        sigemptyset(&noneBlocked)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &noneBlocked)
        posix_spawnattr_setflags(
            &attributes, setSessionFlag | Int16(POSIX_SPAWN_SETSIGDEF) | Int16(POSIX_SPAWN_SETSIGMASK))

        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, argv[0], &actions, &attributes, &cArguments, environ)
        guard result == 0 else { throw .spawnFailed(executable: argv[0], errno: result) }
        return pid
    }

    /// Restarts append to the same log; a line marks where each run begins.
    private static func appendMarker(_ argv: [String], to logPath: String) {
        let line = "=== \(Date()) starting \(argv.joined(separator: " "))\n"
        let descriptor = open(logPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return }
        defer { _ = close(descriptor) }
        _ = Array(line.utf8).withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    }

    /// Our open descriptors above stderr that lack close-on-exec.
    private static func inheritableDescriptors() -> [Int32] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return names.compactMap { Int32($0) }.filter { descriptor in
            guard descriptor > 2 else { return false }
            let flags = fcntl(descriptor, F_GETFD)
            return flags >= 0 && flags & FD_CLOEXEC == 0
        }
    }
}
