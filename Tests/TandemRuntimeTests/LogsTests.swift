import Foundation
import Testing
import TandemOS
@testable import TandemRuntime

func temporaryDirectory() -> String {
    let path = NSTemporaryDirectory() + "tandem-logs-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func contents(_ path: String) -> String {
    (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
}

@Suite struct CRILogWriterTests {
    @Test func linesAcrossChunksPartialLinesAndFinalFlush() throws {
        let directory = temporaryDirectory()
        let path = CRILogWriter.path(logDirectory: directory, podName: "web", containerName: "proxy", attempt: 2)
        #expect(path == "\(directory)/web/proxy/2.log")
        let writer = try CRILogWriter(path: path, timestamp: { "T" })
        writer.append(Array("hel".utf8), stream: .stdout)
        writer.append(Array("lo\nsecond\nthi".utf8), stream: .stdout)
        writer.append(Array("oops\n".utf8), stream: .stderr)
        writer.append(Array("rd".utf8), stream: .stdout)
        writer.finish()
        writer.append(Array("ignored\n".utf8), stream: .stdout)
        #expect(contents(path) == "T stdout F hello\nT stdout F second\nT stderr F oops\nT stdout P third\n")
    }

    @Test func longLinesAreSplitWithPartialTag() throws {
        let path = temporaryDirectory() + "/long.log"
        let writer = try CRILogWriter(path: path, timestamp: { "T" })
        let long = String(repeating: "x", count: CRILogWriter.maximumLineBytes + 10)
        writer.append(Array((long + "\n").utf8), stream: .stdout)
        writer.finish()
        let lines = contents(path).split(separator: "\n").map(String.init)
        let expectedPartial: String = "T stdout P " + String(repeating: "x", count: CRILogWriter.maximumLineBytes)
        let expectedFinal: String = "T stdout F " + String(repeating: "x", count: 10)
        #expect(lines.count == 2)
        #expect(lines.first?.count == expectedPartial.count)
        #expect(lines.first == expectedPartial)
        #expect(lines.last == expectedFinal)
    }

    @Test func attemptsAreKeptAndTimestampsAreRFC3339Nano() throws {
        let directory = temporaryDirectory()
        for attempt in 0..<2 {
            let writer = try CRILogWriter(path: CRILogWriter.path(logDirectory: directory, podName: "p", containerName: "c", attempt: attempt))
            writer.append(Array("run \(attempt)\n".utf8), stream: .stdout)
            writer.finish()
        }
        #expect(contents("\(directory)/p/c/0.log").hasSuffix(" stdout F run 0\n"))
        #expect(contents("\(directory)/p/c/1.log").hasSuffix(" stdout F run 1\n"))
        let stamp = CRILogWriter.now()
        #expect(stamp.count == 30)
        #expect(stamp.hasSuffix("Z") && stamp.contains("T") && stamp.split(separator: ".").last?.count == 10)
    }
}

@Suite struct TerminalLogPrinterTests {
    @Test func prefixesLinesWithPaddedNames() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let writer = TerminalWriter(descriptor: fds[1]) { "[\($0) dropped]\n" }
        let printer = TerminalLogPrinter(containerNames: ["proxy", "application"], writer: writer, coloured: false)
        let proxy = printer.channel(for: "proxy")
        proxy.append(Array("one\ntw".utf8), stream: .stdout)
        proxy.append(Array("o".utf8), stream: .stdout)
        proxy.finish()
        let coloured = TerminalLogPrinter(containerNames: ["app"], writer: writer, coloured: true)
        coloured.channel(for: "app").append(Array("hi\n".utf8), stream: .stderr)
        #expect(writer.finish())
        close(fds[1])
        let output = String(decoding: FileHandle(fileDescriptor: fds[0], closeOnDealloc: true).readDataToEndOfFile(), as: UTF8.self)
        #expect(output == "proxy       | one\nproxy       | two\n\u{1B}[36mapp |\u{1B}[0m hi\n")
    }
}

@Suite struct TerminationMessageTests {
    @Test func fileContentWinsAndIsCappedFromTheEnd() throws {
        let directory = temporaryDirectory()
        let file = directory + "/termination-log"
        try (String(repeating: "a", count: 100) + String(repeating: "b", count: 4096)).write(toFile: file, atomically: true, encoding: .utf8)
        #expect(TerminationMessage.read(filePath: file, policy: "File", exitCode: 1, logPath: nil) == String(repeating: "b", count: 4096))
        #expect(TerminationMessage.read(filePath: directory + "/absent", policy: "File", exitCode: 1, logPath: nil) == nil)
    }

    @Test func fallbackToLogsOnErrorUsesTheLogTail() throws {
        let directory = temporaryDirectory()
        let log = directory + "/0.log"
        let writer = try CRILogWriter(path: log, timestamp: { "T" })
        for index in 0..<100 { writer.append(Array("line \(index)\n".utf8), stream: index % 2 == 0 ? .stdout : .stderr) }
        writer.append(Array(String(repeating: "z", count: CRILogWriter.maximumLineBytes + 1).utf8), stream: .stdout)
        writer.finish()
        let message = TerminationMessage.read(filePath: directory + "/absent", policy: "FallbackToLogsOnError", exitCode: 2, logPath: log)
        // The kubelet's circular buffer keeps the last 2048 bytes: here the unterminated z's.
        #expect(message == String(repeating: "z", count: TerminationMessage.maximumLogBytes))
        #expect(TerminationMessage.read(filePath: nil, policy: "FallbackToLogsOnError", exitCode: 0, logPath: log) == nil)
        #expect(TerminationMessage.read(filePath: nil, policy: "File", exitCode: 2, logPath: log) == nil)
    }

    @Test func fallbackTailOfShortLogsKeepsFullLinesNewlinesOnly() throws {
        let directory = temporaryDirectory()
        let log = directory + "/0.log"
        let writer = try CRILogWriter(path: log, timestamp: { "T" })
        writer.append(Array("starting\nDONE".utf8), stream: .stdout)
        writer.finish()
        #expect(TerminationMessage.read(filePath: nil, policy: "FallbackToLogsOnError", exitCode: 1, logPath: log)
                == "starting\nDONE")
    }
}
