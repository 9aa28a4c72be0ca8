extension JSONValue {
    /// Whose a detail at `path` is: the supplier of the nearest enclosing object that names one
    /// (a tender's supplier for its amount), else the report's supplier, else the awarded one.
    /// The leak check looks for a secret amount in the files that party sent.
    public func party(of path: FieldPath) -> String? {
        var components = path.components
        while !components.isEmpty {
            components.removeLast()
            let base = FieldPath(components: components)
            if case .string(let n)? = value(at: base.appending("supplier").appending("name")) { return n }
        }
        if case .string(let n)? = value(at: FieldPath(components: [.key("award"), .key("supplier"), .key("name")])) { return n }
        return nil
    }
}
