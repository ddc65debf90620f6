import ArgumentParser
import Foundation
import TandemAPI
import TandemTimeline

/// Writes a timeline picture where `-o` says: `-` or nothing for SVG on standard output, else a file
/// whose extension picks the format (`.svg`, `.html`/`.htm`, `.png`). PNG goes through an installed
/// converter (`rsvg-convert`, else headless Chromium), never a library of ours: rasterising SVG text
/// well is their job. Failures are one `tandem: …` line and exit 1 (no converter, converter failed)
/// or 2 (an unusable path).
struct PictureOutput {
    enum Format {
        case svg, html, png
    }

    let destination: String?
    /// What goes to standard output when there is no file: SVG, or the HTML page (`simulate -o html`).
    var standardOutput = Format.svg

    var format: Format? {
        guard let destination, destination != "-" else { return standardOutput }
        let lower = destination.lowercased()
        if lower.hasSuffix(".svg") { return .svg }
        if lower.hasSuffix(".html") || lower.hasSuffix(".htm") { return .html }
        if lower.hasSuffix(".png") { return .png }
        return nil
    }

    /// Fails early (before any work) when `-o` names no known format.
    func check() throws {
        guard format != nil else {
            StandardStreams.writeErr("tandem: -o \(GoQuoting.quote(destination ?? "")): expected a file ending in .svg, .html or .png\n")
            throw ExitCode(2)
        }
    }

    func write(_ picture: TimelinePicture, title: String, events: [TimelineEvent]) throws {
        let document = TimelineSVG(title: title).document(picture)
        switch format {
        case .svg, nil:
            guard let destination, destination != "-" else {
                StandardStreams.writeOut(document.text)
                return
            }
            try save(document.text, to: destination)
        case .html:
            let page = TimelineHTML.page(title: title, svg: document.text, events: events, origin: picture.origin)
            guard let destination, destination != "-" else {
                StandardStreams.writeOut(page)
                return
            }
            try save(page, to: destination)
        case .png:
            try convert(document, to: destination ?? "")
        }
    }

    func save(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            StandardStreams.writeErr("tandem: cannot write \(GoQuoting.quote(path)): \(Self.reason(error))\n")
            throw ExitCode(2)
        }
    }

    static func reason(_ error: Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let code = underlying?.code, underlying?.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(code)))
        }
        return GoQuoting.printable((error as NSError).localizedDescription)
    }

    /// The SVG through `rsvg-convert` (at 2× for sharp text), else headless Chromium's screenshot.
    func convert(_ document: TimelineSVG.Document, to path: String) throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-timeline-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let svgFile = scratch.appendingPathComponent("timeline.svg")
        try save(document.text, to: svgFile.path)
        let output = URL(fileURLWithPath: path).standardizedFileURL.path
        let attempt: (String, [String])
        if let rsvg = Self.program("rsvg-convert") {
            attempt = (rsvg, ["--zoom", "2", "--format", "png", "--output", output, svgFile.path])
        } else if let chromium = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
            .lazy.compactMap(Self.program).first {
            attempt = (chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                  "--force-device-scale-factor=2", "--no-first-run", "--disable-dev-shm-usage",
                                  "--user-data-dir=\(scratch.appendingPathComponent("profile").path)",
                                  "--window-size=\(document.width),\(document.height)",
                                  "--screenshot=\(output)", svgFile.absoluteString])
        } else {
            StandardStreams.writeErr("tandem: -o \(GoQuoting.quote(path)): PNG needs rsvg-convert or chromium on PATH (apt-get install librsvg2-bin or chromium); -o FILE.svg or FILE.html need nothing\n")
            throw ExitCode(1)
        }
        try? FileManager.default.removeItem(atPath: output)
        let (status, errors) = Self.runBounded(attempt.0, attempt.1, seconds: 90,
                                               errorFile: scratch.appendingPathComponent("stderr.txt"))
        guard status == 0, FileManager.default.fileExists(atPath: output) else {
            let last = errors.split(whereSeparator: \.isNewline).last.map(String.init) ?? "exit status \(status)"
            StandardStreams.writeErr("tandem: \(URL(fileURLWithPath: attempt.0).lastPathComponent) could not make \(GoQuoting.quote(path)): \(GoQuoting.printable(last))\n")
            throw ExitCode(1)
        }
    }

    static func program(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs a converter, killed after `seconds` (a wedged browser must not hang the command). Its
    /// standard error goes to a file, not a pipe: a browser's helper processes may hold a pipe open
    /// after the browser itself exited.
    static func runBounded(_ program: String, _ arguments: [String], seconds: Int, errorFile: URL) -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        let errors = try? FileHandle(forWritingTo: errorFile)
        process.standardError = errors ?? FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return (127, "cannot start: \(reason(error))") }
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(seconds), execute: watchdog)
        process.waitUntilExit()
        watchdog.cancel()
        try? errors?.close()
        let text = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
        return (process.terminationStatus, text)
    }
}
