import Foundation
import TandemAPI

/// Small text helpers shared by the adoption commands.
enum CLIText {
    /// Parser messages can span lines; the contract is one line per problem.
    /// Control and format characters from file names or file contents go through
    /// `GoQuoting.printable` (`\x1b`, `\u202e`), as every command's output does.
    static func oneLine(_ text: String) -> String {
        // Cut at the newline scalar only: a "\r" (or "\r\n", one Swift Character) from the input is
        // shown escaped, not silently taken for a line break.
        let joined = text.goSplit("\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
        return GoQuoting.printable(joined)
    }
}
