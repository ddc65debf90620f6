import Foundation
import TandemAPI

/// Reads an API server audit log (`--audit-log-path`: one `audit.k8s.io/v1` Event per line)
/// for the pod creation that produced AFTER, and the webhook annotations on it.
enum AuditLog {
    private static let podsMarker = Array("\"pods\"".utf8)
    private static let createMarker = Array("\"create\"".utf8)

    private static func trim(_ line: Substring.UTF8View) -> Substring.UTF8View {
        var line = line
        while let first = line.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") || first == UInt8(ascii: "\r") {
            line = line.dropFirst()
        }
        while let last = line.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") || last == UInt8(ascii: "\r") {
            line = line.dropLast()
        }
        return line
    }

    private static func contains(_ haystack: Substring.UTF8View, _ needle: [UInt8]) -> Bool {
        let found: Bool? = haystack.withContiguousStorageIfAvailable { bytes in
            guard bytes.count >= needle.count, let first = needle.first else { return false }
            var index = 0
            let last = bytes.count - needle.count
            while index <= last {
                if bytes[index] == first {
                    var matched = true
                    for offset in 1..<needle.count where bytes[index + offset] != needle[offset] {
                        matched = false
                        break
                    }
                    if matched { return true }
                }
                index += 1
            }
            return false
        }
        return found ?? String(decoding: Array(haystack), as: UTF8.self).contains(String(decoding: needle, as: UTF8.self))
    }

    /// The invocations recorded on the audit event(s) of the pod's creation, nil when no
    /// event matches. Events of one request (one `auditID`, several stages) are merged.
    /// A pod is matched by uid or name (`objectRef.name`, `requestObject`/`responseObject`
    /// metadata); a `generateName` pod of a dry run, which has no name yet, by its
    /// `generateName`, the latest such event winning.
    /// With `namePrefix` (no AFTER: a workload's pod whose generated name is unknown), any pod
    /// whose name or generateName starts with it matches, the latest creation winning.
    static func invocations(for after: JSONValue, in text: String, file: String, namePrefix: String? = nil)
        throws(AdmissionCheck.InputError) -> (invocations: [WebhookInvocation], source: String, podName: String?, rejection: String?)?
    {
        let metadata = after["metadata"] ?? .null
        let name = AdmissionCheck.string(metadata["name"]) ?? ""
        let uid = AdmissionCheck.string(metadata["uid"])
        let generateName = namePrefix ?? AdmissionCheck.string(metadata["generateName"]) ?? ""
        let namespace = AdmissionCheck.string(metadata["namespace"])
        let prefixMatch = namePrefix != nil

        var exact: [(line: Int, event: JSONValue)] = []
        var byGenerateName: [(line: Int, event: JSONValue)] = []
        var lineNumber = 0
        for line in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            let trimmed = trim(line)
            if trimmed.isEmpty { continue }
            guard trimmed.first == UInt8(ascii: "{"), trimmed.last == UInt8(ascii: "}") else {
                throw AdmissionCheck.InputError("\(file): line \(lineNumber): not a JSON audit event")
            }
            // Audit logs run to gigabytes; only events that can be a pod creation are decoded.
            guard contains(trimmed, Self.podsMarker), contains(trimmed, Self.createMarker) else { continue }
            guard let event = try? JSONDecoder().decode(JSONValue.self, from: Data(trimmed)), case .object = event else {
                throw AdmissionCheck.InputError("\(file): line \(lineNumber): not a JSON audit event")
            }
            guard event["kind"] == .string("Event") else {
                throw AdmissionCheck.InputError("\(file): line \(lineNumber): kind \(GoQuoting.quote(AdmissionCheck.string(event["kind"]) ?? "")) is not an audit Event")
            }
            let reference = event["objectRef"] ?? .null
            guard event["verb"] == .string("create"), reference["resource"] == .string("pods"),
                  AdmissionCheck.string(reference["subresource"]) ?? "" == "" else { continue }
            if let namespace, let eventNamespace = AdmissionCheck.string(reference["namespace"]), eventNamespace != namespace {
                continue
            }
            let names = [reference["name"], event["requestObject"]?["metadata"]?["name"], event["responseObject"]?["metadata"]?["name"]]
                .compactMap(AdmissionCheck.string).filter { !$0.isEmpty }
            let uids = [event["responseObject"]?["metadata"]?["uid"]].compactMap(AdmissionCheck.string)
            if (!name.isEmpty && names.contains(name)) || (uid != nil && uids.contains(uid ?? "")) {
                exact.append((lineNumber, event))
            } else if !generateName.isEmpty {
                // At audit level Metadata there is no request object to compare; a nameless
                // pod creation is then the best match.
                let requested = AdmissionCheck.string(event["requestObject"]?["metadata"]?["generateName"])
                if prefixMatch {
                    if (requested ?? "").hasPrefix(generateName) || names.contains(where: { $0.hasPrefix(generateName) }) {
                        byGenerateName.append((lineNumber, event))
                    }
                } else if requested == generateName || (requested == nil && names.isEmpty) {
                    byGenerateName.append((lineNumber, event))
                }
            }
        }
        var chosen = exact
        var ambiguity = ""
        if chosen.isEmpty, let last = byGenerateName.last {
            chosen = byGenerateName.filter { $0.event["auditID"] == last.event["auditID"] }
            let requests = Set(byGenerateName.compactMap { AdmissionCheck.string($0.event["auditID"]) }).count
            if requests > 1 {
                ambiguity = "; the last of \(requests) creations with \(prefixMatch ? "names starting" : "generateName") \(GoQuoting.quote(generateName))"
            }
        }
        guard let first = chosen.first else { return nil }
        let auditID = first.event["auditID"]
        var annotations: [String: String] = [:]
        var lines: [Int] = []
        for (line, event) in chosen where event["auditID"] == auditID {
            lines.append(line)
            if case .object(let fields)? = event["annotations"] {
                for (key, value) in fields { if case .string(let text) = value { annotations[key] = text } }
            }
        }
        let invocations: [WebhookInvocation]
        do {
            invocations = try WebhookInvocation.parse(annotations: annotations)
        } catch {
            throw AdmissionCheck.InputError("\(file): line \(lines[0]): \(error.description)")
        }
        let id = AdmissionCheck.string(auditID).map { ", auditID \(Printable.text($0))" } ?? ""
        let where_ = lines.count == 1 ? "line \(lines[0])" : "lines " + lines.map(String.init).joined(separator: ", ")
        let podName = chosen.lazy.compactMap { entry in
            [entry.event["responseObject"]?["metadata"]?["name"], entry.event["objectRef"]?["name"]]
                .compactMap(AdmissionCheck.string).first { !$0.isEmpty }
        }.first
        // A creation the API server refused: its answer, to quote next to the replay.
        let rejection = chosen.lazy.compactMap { entry -> String? in
            guard case .number(let code)? = entry.event["responseStatus"]?["code"], code >= 400 else { return nil }
            let message = AdmissionCheck.string(entry.event["responseStatus"]?["message"]) ?? ""
            return "the API server answered \(Int(code)): \(GoQuoting.quote(message))"
        }.first
        return (invocations, "\(Printable.text(file)) (\(where_)\(id)\(ambiguity))", podName, rejection)
    }
}
