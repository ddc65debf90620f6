import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The SVG as a tree of elements, read with an XML parser: what the tests assert on (a malformed
/// document fails to parse, so every test also checks the escaping).
final class SVGElement {
    let name: String
    let attributes: [String: String]
    var children: [SVGElement] = []
    var text = ""
    weak var parent: SVGElement?

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    /// Every descendant (depth first, document order) that satisfies `predicate`.
    func all(_ predicate: (SVGElement) -> Bool) -> [SVGElement] {
        var found: [SVGElement] = []
        for child in children {
            if predicate(child) { found.append(child) }
            found += child.all(predicate)
        }
        return found
    }

    func classes() -> [String] { (attributes["class"] ?? "").split(separator: " ").map(String.init) }

    func hasClass(_ name: String) -> Bool { classes().contains(name) }

    /// The `<title>` child's text (the hover details).
    var title: String? { children.first { $0.name == "title" }?.text }

    func number(_ attribute: String) -> Double? { attributes[attribute].flatMap(Double.init) }
}

final class SVGReader: NSObject, XMLParserDelegate {
    var stack: [SVGElement] = []
    var root: SVGElement?
    var failure: String?

    static func parse(_ text: String) throws -> SVGElement {
        let reader = SVGReader()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = reader
        guard parser.parse(), let root = reader.root else {
            throw ReadError(message: reader.failure ?? parser.parserError.map { "\($0)" } ?? "no root element")
        }
        return root
    }

    struct ReadError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        let element = SVGElement(name: elementName, attributes: attributeDict)
        element.parent = stack.last
        stack.last?.children.append(element)
        if root == nil { root = element }
        stack.append(element)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        _ = stack.popLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack.last?.text += string
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        failure = "\(parseError)"
    }
}
