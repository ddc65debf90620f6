import TandemAPI

/// Text from files and command lines (file names, map keys of a manifest) printed where a
/// plain word is expected: kept as is when it is printable, else Go-quoted (`%q`), so that a
/// report never carries a raw escape sequence to the terminal.
enum Printable {
    static func text(_ text: String) -> String {
        let plain = text.unicodeScalars.allSatisfy { scalar in
            scalar.value > 0x20 && scalar.value != 0x7F && scalar != "\"" && scalar != "\\"
                && scalar.properties.generalCategory != .control && scalar.properties.generalCategory != .format
                && scalar.properties.generalCategory != .unassigned
        }
        return plain && !text.isEmpty ? text : GoQuoting.quote(text)
    }
}
