import Foundation
import TandemAPI

/// Small text helpers shared by the adoption commands.
enum CLIText {
    /// Parser messages can span lines; the contract is one line per problem.
    /// Control and format characters from file names or file contents go through
    /// `GoQuoting.printable` (`\x1b`, `\u202e`), as every command's output does.
    static func oneLine(_ text: String) -> String {
        let joined = text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
        return GoQuoting.printable(joined)
    }
}
