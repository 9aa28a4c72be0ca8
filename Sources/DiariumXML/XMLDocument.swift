internal import CLibXML2
import Foundation

/// A parsed, well-formed XML document without a DTD, as the hardened parser returns it.
///
/// Not thread-safe: libxml2 writes to a document during validation (`xmlAddID` for `xs:ID`), so a
/// document stays with the task that parsed it. `@unchecked Sendable` only so that it may move
/// from one task to the next, never to be shared.
public final class ParsedXMLDocument: @unchecked Sendable {
    let pointer: xmlDocPtr

    init(_ pointer: xmlDocPtr) { self.pointer = pointer }
    deinit { xmlFreeDoc(pointer) }

    /// The local name of the root element.
    public var rootName: String? {
        guard let root = xmlDocGetRootElement(pointer) else { return nil }
        return String(cString: root.pointee.name)
    }

    /// The namespace URI of the root element, if it has one.
    public var rootNamespace: String? {
        guard let root = xmlDocGetRootElement(pointer), let ns = root.pointee.ns,
              let href = ns.pointee.href else { return nil }
        return String(cString: href)
    }

    /// All character data of the document in document order, separated by single spaces:
    /// what a full-text index should see of it.
    public func textContent() -> String {
        var parts: [String] = []
        collectText(xmlDocGetRootElement(pointer), into: &parts)
        return parts.joined(separator: " ")
    }
}

/// Appends the text of `node` and its siblings' subtrees.
func collectText(_ node: xmlNodePtr?, into parts: inout [String]) {
    var current = node
    while let n = current {
        switch n.pointee.type {
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            // The text as it stands: the full-text tokenizer splits on white space itself, and
            // splitting by Character here cost more than the rest of the extraction.
            if let content = n.pointee.content, content.pointee != 0 {
                let text = String(cString: content)
                if text.utf8.contains(where: { $0 > 0x20 }) { parts.append(text) }
            }
        case XML_ELEMENT_NODE:
            collectText(n.pointee.children, into: &parts)
        default:
            break
        }
        current = n.pointee.next
    }
}

extension ParsedXMLDocument {
    /// An element as `elements(named:)` returns it.
    public struct Element: Sendable, Hashable {
        public let text: String
        public let attributes: [String: String]
    }

    /// Every element with local name `name`, in document order, with its text content and
    /// attributes: enough to read back a record Diarium wrote.
    public func elements(named name: String) -> [Element] {
        var found: [Element] = []
        func walk(_ node: xmlNodePtr?) {
            var current = node
            while let n = current {
                if n.pointee.type == XML_ELEMENT_NODE {
                    if String(cString: n.pointee.name) == name {
                        var attributes: [String: String] = [:]
                        var a = n.pointee.properties
                        while let attr = a {
                            if let value = xmlNodeGetContent(UnsafeMutableRawPointer(attr).assumingMemoryBound(to: xmlNode.self)) {
                                attributes[String(cString: attr.pointee.name)] = String(cString: value)
                                clibxml2_free(value)
                            }
                            a = attr.pointee.next
                        }
                        var text = ""
                        if let content = xmlNodeGetContent(n) {
                            text = String(cString: content)
                            clibxml2_free(content)
                        }
                        found.append(Element(text: text, attributes: attributes))
                    }
                    walk(n.pointee.children)
                }
                current = n.pointee.next
            }
        }
        walk(xmlDocGetRootElement(pointer))
        return found
    }
}
