import CTandemOS
#if canImport(Glibc)
import Glibc
#endif

/// The pause-like init of a pod whose containers share one PID namespace
/// (`shareProcessNamespace: true`): PID 1 that reaps every orphan, as the kubelet's pause
/// container does. It is tandem itself re-executed with argv[0] `tandem-pause`, which `main`
/// hands to `runIfRequested()` before anything else starts; the loop is C (`tandem_pause_main`).
/// Why not a separate binary: `swift build --product tandem` must be all a user needs.
public enum PauseProcess {
    public static let argument0 = "tandem-pause"

    /// This executable (`/proc/self/exe` resolved at start, so a later mount cannot change it).
    public static let executablePath: String = {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return "/proc/self/exe" }
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()

    public static let runningAsRoot = geteuid() == 0

    /// Becomes the pause init (never returns) when started as one; otherwise returns at once.
    public static func runIfRequested() {
        guard let first = CommandLine.arguments.first, first == argument0 else { return }
        tandem_pause_main()
    }
}
