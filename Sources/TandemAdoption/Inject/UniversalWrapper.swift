/// The POSIX `sh` wrapper of universal mode: the runtime detection of the "Adopting Sidecar
/// Containers" guide, written so that exactly one container runs the sidecar.
///
/// The pod gets the sidecar twice, as restartable init container `NAME` and as regular container
/// `NAME-fallback`, sharing an `emptyDir` at `directory`. What each side can observe:
/// - Native-sidecar kubelet: `NAME` runs, and main containers may start as soon as it has
///   started; when `NAME` exits it is restarted (at once the first time).
/// - Older kubelet, or an API server that dropped `restartPolicy` (gate off): `NAME` is an
///   ordinary init container; it runs once, and the main containers start only after it exited 0.
///
/// So `NAME`'s first run records `init-ran` and exits 0; a later run (a restart, which only a
/// native kubelet makes) claims the sidecar. `NAME-fallback` claims it only after `init-ran` exists
/// and no claim appeared within `restartWaitSeconds`. If `init-ran` is missing while a main
/// container runs, the node is native for certain and the fallback stands by at once.
/// `init-ran` holds the pod sandbox's identity (its network namespace, `/proc/self/ns/net`), so a
/// sandbox recreated with the same `emptyDir` (node reboot) starts over instead of obeying the
/// old claim.
/// The claim is one atomic `link(2)` of a file holding the owner's role onto `claim` (`ln`
/// without `-f` fails when `claim` exists), so even a restart slower than the wait cannot make
/// both run it: the loser stands by. Restarts of the winner (a crash) find their own claim and
/// run the sidecar again.
///
/// Kubernetes expands `$(VAR)` and `$$` in `command`/`args`, so the script uses neither (backquotes
/// for command substitution, no PID). The original command and args follow as `"$@"`.
struct UniversalWrapper {
    enum Role {
        case initContainer
        case fallback(podRestartPolicyAlways: Bool)
    }

    var sidecarName: String
    /// Where the shared `emptyDir` is mounted in both containers.
    var directory: String
    /// A static busybox to run the tools through (copy mode), or nil to use the image's.
    var busybox: String?
    var restartWaitSeconds: Int

    var fallbackName: String { Self.fallbackName(of: sidecarName) }

    /// The regular container that stands in for sidecar `name`.
    static func fallbackName(of name: String) -> String { name + "-fallback" }

    func script(for role: Role) -> String {
        var lines = [
            header(role),
            "d=\(directory)",
            "t=\(busybox ?? "")",
            "say() { echo \"tandem-universal: $*\" >&2; }",
            "n=`$t ls -l /proc/self/ns/net 2>/dev/null`; n=${n##*-> }",
            "ran=`$t cat \"$d/init-ran\" 2>/dev/null`",
            "claim() {",
            "  [ -e \"$d/$1.id\" ] || printf '%s\\n' \"$1\" > \"$d/$1.id\" || exit 1",
            "  $t ln \"$d/$1.id\" \"$d/claim\" 2>/dev/null",
            "  o=`$t cat \"$d/claim\" 2>/dev/null`",
            "  [ \"$o\" = \"$1\" ]",
            "}",
        ]
        switch role {
        case .initContainer:
            lines += [
                Self.standbyForever,
                "if [ ! -e \"$d/init-ran\" ] || [ \"$ran\" != \"$n\" ]; then",
                "  $t rm -f \"$d/claim\" \"$d/init.id\" \"$d/fallback.id\"",
                "  printf '%s\\n' \"$n\" > \"$d/init-ran\" || exit 1",
                "  say \"first run: exit 0; a kubelet with native sidecars restarts this container, an older one goes on\"",
                "  exit 0",
                "fi",
                "if claim init; then",
                "  say \"restarted: native sidecars work; running the sidecar here\"",
                "  exec \"$@\"",
                "fi",
                "say \"the sidecar runs in container \(fallbackName); standing by\"",
                "standby",
            ]
        case .fallback(let always):
            let seconds = (1...max(1, restartWaitSeconds)).map(String.init).joined(separator: " ")
            lines += [
                always ? Self.standbyForever : "standby() { exit 0; }",
                "o=`$t cat \"$d/claim\" 2>/dev/null`",
                "if [ ! -e \"$d/init-ran\" ] || [ \"$ran\" != \"$n\" ]; then",
                "  : # \(sidecarName) has not finished its first run in this pod sandbox: only native sidecars allow that",
                "elif [ \"$o\" = fallback ]; then",
                "  say \"running the sidecar here again\"",
                "  exec \"$@\"",
                "elif [ -z \"$o\" ]; then",
                "  for i in \(seconds); do",
                "    [ -e \"$d/claim\" ] && break",
                "    $t sleep 1",
                "  done",
                "  if claim fallback; then",
                "    say \"init container \(sidecarName) was not restarted within \(restartWaitSeconds)s: no native sidecars here; running the sidecar here\"",
                "    exec \"$@\"",
                "  fi",
                "fi",
                "say \"the sidecar runs as native sidecar \(sidecarName); \(always ? "standing by" : "exiting")\"",
                "standby",
            ]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Stays up until SIGTERM (a shell that is PID 1 ignores it by default), then ends its
    /// `sleep` and exits 0. The `sleep` runs in the background because a trap runs only once the
    /// foreground command is done, and `wait` returns at once on a signal.
    private static let standbyForever = """
        standby() {
          trap 'kill "$s" 2>/dev/null; exit 0' TERM INT
          while :; do $t sleep 3600 </dev/null >/dev/null 2>&1 & s=$!; wait "$s"; done
        }
        """

    private func header(_ role: Role) -> String {
        let side: String
        switch role {
        case .initContainer: side = "init-container side; the other is \(fallbackName)"
        case .fallback: side = "regular-container side; the other is init container \(sidecarName)"
        }
        return "# tandem inject --mode universal: \(sidecarName), \(side). Exactly one side runs the sidecar."
    }
}
