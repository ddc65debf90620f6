import TandemAPI

/// User text (container and pod names, event messages) made safe inside SVG/HTML text and attributes:
/// control and format characters as Go escapes (`GoQuoting.printable`, which also keeps them out of
/// XML, where most are not allowed at all), then the five XML specials as entities.
public enum XMLText {
    public static func escape(_ text: String) -> String {
        let printable = GoQuoting.printable(text)
        guard printable.contains(where: { "&<>\"'".contains($0) }) else { return printable }
        var out = ""
        out.reserveCapacity(printable.utf8.count + 16)
        for character in printable {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }
}
