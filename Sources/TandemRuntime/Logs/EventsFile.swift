import Dispatch
import Glibc
import Synchronization
import TandemOS

/// Appends `events.jsonl` lines (one core/v1 Event each, docs/events.md) to one or more files, off the
/// caller's thread: the pod workers report from the reactor, which must never block on a file, so
/// every open and write runs in order on one serial queue of its own.
///
/// A file that cannot be opened or written is reported once through `failed` and then skipped; the
/// run goes on (as with a log file that cannot be written).
public final class EventsFile: Sendable {
    private let queue = DispatchQueue(label: "tandem.events-file")
    /// Touched only on `queue`; the lock only satisfies Sendable.
    private let descriptors = Mutex<[(path: String, descriptor: Int32)]>([])

    /// Opens (creating, truncating) each path; the directories must exist (the run directory is
    /// made before, `--events FILE`'s directory is checked up front: a mistyped path must not
    /// leave a tree of directories behind). A path that is the same file as one opened before
    /// (`--events` naming the run directory's own `events.jsonl`, or a link to it) is written once.
    /// - Parameter failed: told on the queue, once per path, why it could not be written.
    public init(paths: [String], failed: @escaping @Sendable (String, OSError) -> Void) {
        queue.async { [self] in
            for path in paths {
                do throws(OSError) {
                    let descriptor = try FileSystem.openForAppending(path, makingDirectories: false)
                    let opened = descriptors.withLock { $0.map(\.descriptor) }
                    if opened.contains(where: { descriptorsShareFile($0, descriptor) }) {
                        closeDescriptor(descriptor)
                        continue
                    }
                    _ = ftruncate(descriptor, 0)
                    descriptors.withLock { $0.append((path, descriptor)) }
                } catch {
                    failed(path, error)
                }
            }
        }
    }

    /// Queues one line (a newline is added).
    public func append(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        queue.async { [self] in
            descriptors.withLock { open in
                open.removeAll { entry in
                    do throws(OSError) {
                        try FileSystem.writeAll(bytes, to: entry.descriptor, describing: entry.path)
                        return false
                    } catch {
                        closeDescriptor(entry.descriptor)
                        return true
                    }
                }
            }
        }
    }

    /// Writes what is queued and closes the files; waits for it (call at the end of the run, off the reactor).
    public func close() {
        queue.sync { [self] in
            descriptors.withLock { open in
                for entry in open { closeDescriptor(entry.descriptor) }
                open.removeAll()
            }
        }
    }
}
