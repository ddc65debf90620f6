import Foundation

/// Small text helpers shared by the adoption commands.
enum CLIText {
    /// Parser messages can span lines; the contract is one line per problem.
    /// Control characters from file names or file contents are written as `\xNN`, never raw.
    static func oneLine(_ text: String) -> String {
        let joined = text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
        var out = ""
        for scalar in joined.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F || (scalar.value >= 0x80 && scalar.value < 0xA0) {
                let hex = String(scalar.value, radix: 16)
                out += "\\x" + String(repeating: "0", count: max(0, 2 - hex.count)) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
