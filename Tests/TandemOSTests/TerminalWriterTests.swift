import Foundation
import Synchronization
import Testing
@testable import TandemOS

extension TandemOSTests {
    @Suite struct TerminalWriterTests {
        /// A pipe whose buffer is already full, so the writer's first write blocks.
        func fullPipe() throws -> (read: Int32, write: Int32, filler: Int) {
            var fds: [Int32] = [-1, -1]
            #expect(pipe(&fds) == 0)
            _ = fcntl(fds[1], 1031 /* F_SETPIPE_SZ, not exported by Glibc */, 4096)
            let flags = fcntl(fds[1], F_GETFL)
            _ = fcntl(fds[1], F_SETFL, flags | O_NONBLOCK)
            var filler = 0
            let chunk = [UInt8](repeating: UInt8(ascii: "."), count: 512)
            while true {
                let count = chunk.withUnsafeBytes { write(fds[1], $0.baseAddress, $0.count) }
                if count <= 0 { break }
                filler += count
            }
            _ = fcntl(fds[1], F_SETFL, flags)
            return (fds[0], fds[1], filler)
        }

        @Test func writesNeverBlockAndDroppedLinesAreNoted() throws {
            let pipe = try fullPipe()
            let writer = TerminalWriter(descriptor: pipe.write, capacity: 20) { "[\($0) dropped]\n" }
            let started = ContinuousClock.now
            for index in 0..<1000 {
                writer.write(Array("line \(index)\n".utf8))
            }
            // The first line waits in the queue (the pipe is full); "line 1" fits beside it
            // (14 bytes ≤ 20); every later line is dropped, for the terminal only.
            #expect(ContinuousClock.now - started < .seconds(1))
            #expect(writer.droppedLines == 998)

            let output = Mutex<[UInt8]>([])
            let done = DispatchSemaphore(value: 0)
            DispatchQueue.global().async {
                let bytes = Array(FileHandle(fileDescriptor: pipe.read, closeOnDealloc: true).readDataToEndOfFile())
                output.withLock { $0 = bytes }
                done.signal()
            }
            writer.write(Array("after\n".utf8))
            #expect(writer.finish())
            close(pipe.write)
            done.wait()
            let bytes = output.withLock { $0 }
            let text = String(decoding: bytes.dropFirst(pipe.filler), as: UTF8.self)
            #expect(bytes.prefix(pipe.filler).allSatisfy { $0 == UInt8(ascii: ".") })
            #expect(text == "line 0\nline 1\n[998 dropped]\nafter\n")
        }

        @Test func aReaderThatIsGoneMeansTheTerminalIsGone() throws {
            Signals.ignoreBrokenPipe()
            var fds: [Int32] = [-1, -1]
            #expect(pipe(&fds) == 0)
            close(fds[0])
            let writer = TerminalWriter(descriptor: fds[1]) { "[\($0) dropped]\n" }
            writer.write(Array("nobody reads this\n".utf8))
            #expect(!writer.finish())
            #expect(writer.isGone)
            writer.write(Array("nor this\n".utf8))
            #expect(!writer.finish())
            close(fds[1])
        }

        @Test func finishGivesUpOnAReaderThatTakesNothing() throws {
            let pipe = try fullPipe()
            let writer = TerminalWriter(descriptor: pipe.write) { "[\($0) dropped]\n" }
            writer.write(Array("stuck\n".utf8))
            let started = ContinuousClock.now
            #expect(!writer.finish(stallLimit: .milliseconds(300)))
            let waited = ContinuousClock.now - started
            #expect(waited >= .milliseconds(300) && waited < .seconds(3))
            // The reader goes: the blocked write fails with EPIPE and the queue is free again.
            Signals.ignoreBrokenPipe()
            close(pipe.read)
            #expect(!writer.finish())
            #expect(writer.isGone)
            close(pipe.write)
        }
    }
}
