internal import CLibXML2
internal import DiariumText
public import Foundation

/// Text of an HTML file for the internal search index.
public enum HTMLText {
    /// The whole text of `data`, through DiariumText's streaming `TextReader` (encoding sniffed,
    /// markup, scripts, styles and the head dropped, a line break per block element). It used
    /// libxml2's HTML DOM, which is quadratic in the attributes of one element (200 000 took two
    /// minutes) and held the whole document several times over; a large file should be read
    /// with `TextReader` chunk by chunk instead of through this.
    public static func extract(_ data: Data) -> String {
        var reader = TextReader(format: .html)
        let text = reader.feed(data)
        return text + reader.finish()
    }
}

extension HTMLText {
    /// The names of all attributes in an HTML document, as a browser's parser would see them:
    /// lets a test prove that escaped text never became an attribute (an `on…` handler).
    public static func attributeNames(_ data: Data) -> [String] {
        _ = LibXML.initialized
        let options = Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue)
        let doc: htmlDocPtr? = data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: CChar.self) else { return nil }
            return htmlReadMemory(base, Int32(clamping: raw.count), "input.html", "UTF-8", options)
        }
        guard let doc else { return [] }
        defer { xmlFreeDoc(doc) }
        var names: [String] = []
        func walk(_ node: xmlNodePtr?) {
            var current = node
            while let n = current {
                if n.pointee.type == XML_ELEMENT_NODE {
                    var attr = n.pointee.properties
                    while let a = attr {
                        names.append(String(cString: a.pointee.name))
                        attr = a.pointee.next
                    }
                    walk(n.pointee.children)
                }
                current = n.pointee.next
            }
        }
        walk(xmlDocGetRootElement(doc))
        return names
    }
}
