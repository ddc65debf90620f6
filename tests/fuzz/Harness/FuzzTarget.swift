import Foundation
import TandemAdoption
import TandemAPI
import TandemManifest
@testable import TandemRuntime
import TandemValidation

/// The target named by TANDEM_FUZZ_TARGET (a lazy global: libFuzzer's `main` may run instead
/// of ours); an unknown name stops at the first input with the list of names.
let selectedTarget = FuzzTarget(rawValue: ProcessInfo.processInfo.environment["TANDEM_FUZZ_TARGET"] ?? "")

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let target = selectedTarget else {
        FileHandle.standardError.write(Data("TANDEM_FUZZ_TARGET must be one of: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
        exit(2)
    }
    target.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

/// One entry point per input kind; each must return (never crash, never hang) on any bytes.
enum FuzzTarget: String, CaseIterable {
    case manifest
    case validate
    case resources
    case hpack
    case http2
    case http1
    case admission

    func run(_ bytes: [UInt8]) {
        switch self {
        case .manifest:
            _ = try? ManifestLoader.decode(text: String(decoding: bytes, as: UTF8.self), file: "fuzz.yaml")
        case .validate:
            for var document in (try? ManifestLoader.decode(text: String(decoding: bytes, as: UTF8.self), file: "fuzz.yaml")) ?? [] {
                Defaulting.apply(to: &document.object)
                let errors = document.object.validationErrors
                let report = ValidationReport(items: [.init(file: "fuzz.yaml", kind: document.object.kind,
                                                            name: document.object.name ?? "", errors: errors)])
                _ = report.text()
                _ = report.json()
            }
        case .resources:
            var items: [ResourcesReport.Item] = []
            for var document in (try? ManifestLoader.decode(text: String(decoding: bytes, as: UTF8.self), file: "fuzz.yaml")) ?? [] {
                Defaulting.apply(to: &document.object)
                items.append(ResourcesReport.Item(kind: document.object.kind, name: document.object.name,
                                                  spec: document.object.podSpecLocation?.spec, options: ResourceOptions()))
            }
            _ = ResourcesReport(items: items).rendered(as: .table)
            _ = ResourcesReport(items: items).rendered(as: .json)
        case .hpack:
            // Several blocks through one decoder, as HEADERS then trailers share its table.
            var decoder = HPACKDecoder()
            for block in bytes.split(separator: 0xFF, maxSplits: 3, omittingEmptySubsequences: false) {
                _ = try? decoder.decode(Array(block))
            }
        case .http2:
            var buffer = bytes
            while let frame = HTTP2Frame.parse(from: &buffer) {
                _ = frame.unpaddedPayload()
            }
        case .http1:
            var reader = HTTPResponseReader(stream: ReplayStream(bytes), deadline: ProbeDeadline(after: .seconds(1)))
            if var response = try? reader.readHead() {
                try? reader.readBody(into: &response)
            }
        case .admission:
            AdmissionFuzz.run(bytes)
        }
    }
}

/// A peer that sends the fuzz input in small pieces, then closes.
final class ReplayStream: ProbeStream {
    private var remaining: ArraySlice<UInt8>

    init(_ bytes: [UInt8]) {
        remaining = bytes[...]
    }

    func writeAll(_ bytes: [UInt8], deadline: ProbeDeadline) throws(NetworkError) {}

    func read(maximum: Int, deadline: ProbeDeadline) throws(NetworkError) -> [UInt8] {
        let count = min(maximum, 7, remaining.count)
        defer { remaining = remaining.dropFirst(count) }
        return Array(remaining.prefix(count))
    }
}
