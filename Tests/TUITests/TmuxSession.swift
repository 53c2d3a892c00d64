import Foundation
import Glibc

/// Drives the real binary in a private tmux server: send keys, read the screen.
///
/// tmux is spawned with posix_spawnp and waited for with waitpid, with a clean signal mask:
/// Foundation's Process can hang on the detached server, and an inherited blocked mask
/// would hide SIGWINCH from the program.
struct TmuxSession {
    let socket = "railfleet-test-\(UUID().uuidString.prefix(8))"

    @discardableResult
    func tmux(_ arguments: [String]) -> (status: Int32, output: String) {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString)").path
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        let argv = (["tmux", "-L", socket, "-f", "/dev/null"] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, "tmux", &actions, &attributes, argv, environ)
        posix_spawn_file_actions_destroy(&actions)
        posix_spawnattr_destroy(&attributes)
        guard spawned == 0 else { return (-1, "") }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        return ((status >> 8) & 0xff, output)
    }

    func start(_ command: String, width: Int = 120, height: Int = 40) {
        tmux(["new-session", "-d", "-s", "t", "-x", "\(width)", "-y", "\(height)", command])
    }

    var screen: String { tmux(["capture-pane", "-p", "-t", "t"]).output }

    func send(_ keys: String...) { tmux(["send-keys", "-t", "t"] + keys) }

    /// Polls the screen until `predicate` holds or the deadline passes.
    func waitFor(seconds: Double = 30, _ predicate: (String) -> Bool) -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let s = screen
            if predicate(s) { return s }
            usleep(50_000)
        }
        return nil
    }

    /// Like `waitFor`, then until two captures 100 ms apart agree: a screen caught while the
    /// terminal is still redrawing mixes the old pane with the new.
    func waitForSettled(seconds: Double = 30, _ predicate: (String) -> Bool) -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        var last: String?
        while Date() < deadline {
            let s = screen
            if predicate(s), s == last { return s }
            last = predicate(s) ? s : nil
            usleep(100_000)
        }
        return nil
    }

    var isRunning: Bool { tmux(["has-session", "-t", "t"]).status == 0 }

    func kill() { tmux(["kill-server"]) }
}
