public import Foundation
import Mustache

/// The Mustache templates of `templates/`, loaded once.
///
/// Every template and partial gets a content-type pragma prepended at load time: swift-mustache
/// resets the content type to its own (unsafe) HTML escaper in every partial, so setting it in a
/// base template is not enough (MEASURED.md §3). `*.txt.mustache` files render for a terminal,
/// all others through `XMLEscaping`. Triple mustaches and `{{&…}}` would bypass escaping and
/// are refused at load time.
public struct TemplateSet: Sendable {
    private let library: MustacheLibrary
    public let names: Set<String>

    /// Loads every `*.mustache` below `directory`; a file `a/b.html.mustache` is named `a/b.html`.
    public init(directory: URL) throws(TemplateError) {
        Self.registerContentTypes
        let fm = FileManager.default
        guard let walker = fm.enumerator(at: directory, includingPropertiesForKeys: nil) else {
            throw TemplateError(template: directory.path, message: "templates folder not found")
        }
        var library = MustacheLibrary()
        var names = Set<String>()
        let base = directory.standardizedFileURL.path
        for case let url as URL in walker where url.lastPathComponent.hasSuffix(".mustache") {
            var relative = String(url.standardizedFileURL.path.dropFirst(base.count))
            while relative.hasPrefix("/") { relative.removeFirst() }
            let name = String(relative.dropLast(".mustache".count))
            let source: String
            do { source = try String(contentsOf: url, encoding: .utf8) } catch {
                throw TemplateError(template: name, message: "cannot read: \(error)")
            }
            if source.contains("{{{") || source.contains("{{&") {
                throw TemplateError(template: name, message: "unescaped output ({{{…}}} or {{&…}}) is not allowed")
            }
            let pragma = name.hasSuffix(".txt") ? "{{% CONTENT_TYPE: TERMINAL}}" : "{{% CONTENT_TYPE: XML}}"
            do { try library.register(pragma + source, named: name) } catch {
                throw TemplateError(template: name, message: "\(error)")
            }
            names.insert(name)
        }
        guard !names.isEmpty else { throw TemplateError(template: directory.path, message: "no templates found") }
        self.library = library
        self.names = names
    }

    /// Renders `name` with `context` (a dictionary tree of strings, numbers, arrays and dictionaries).
    public func render(_ name: String, _ context: [String: Any]) throws(TemplateError) -> String {
        guard names.contains(name), let out = library.render(context, withTemplate: name) else {
            throw TemplateError(template: name, message: "no such template")
        }
        return out
    }

    private static let registerContentTypes: Void = {
        MustacheContentTypes.register(XMLContentType(), named: "XML")
        MustacheContentTypes.register(TerminalContentType(), named: "TERMINAL")
    }()
}

public struct TemplateError: Error, Sendable, CustomStringConvertible {
    public let template: String
    public let message: String
    public var description: String { "template \(template): \(message)" }
}
