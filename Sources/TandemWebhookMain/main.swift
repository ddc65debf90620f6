import NIOCore
import NIOPosix
import TandemWebhook

// Swift concurrency's jobs run on NIO's event-loop threads (the singleton group the server runs on)
// instead of the cooperative pool: a request's handler then resumes on the thread that read it rather than
// hopping to a pool thread and back for every read and write. Must come before any task starts.
_ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()

await WebhookCommand.runFromCommandLine(Array(CommandLine.arguments.dropFirst()))
