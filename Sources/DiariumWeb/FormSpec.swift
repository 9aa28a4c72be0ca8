import DiariumModel
import Foundation

/// A staff form described once: its fields by their place in the v1 input (`tenders[0].amount`),
/// with Swedish labels. From it the web renders the form (rows added and removed without
/// JavaScript), builds the input the Kit takes from what was sent, and puts each of the Kit's
/// problems beside the field it names.
struct FormSpec {
    enum Kind {
        case text, area, date, amount, email
        case select([(code: String, label: String)])
        /// A yes/no box: sent means true.
        case check
    }

    struct Field {
        /// The place in the input, within its group's row for a group's fields.
        let path: String
        let label: String
        var kind: Kind = .text
        var hint: String?
    }

    /// Rows of the same fields (an array of the input): invited suppliers, tenders, markings.
    struct Group {
        let key: String
        let legend: String
        let rowLabel: String
        let fields: [Field]
        /// Rows shown when nothing was typed yet.
        var initialRows = 1
    }

    enum Item {
        case field(Field)
        case fieldset(String, [Field])
        case group(Group)
    }

    let items: [Item]

    /// Names a form sends that are not input: the CSRF token, the one-time token, the button
    /// pressed, the draft's id, the choice to document in spite of findings.
    static let controls: Set<String> = ["csrf", "formToken", "action", "utkast", "accept"]

    var groups: [Group] { items.compactMap { if case .group(let g) = $0 { g } else { nil } } }

    var plainFields: [Field] {
        items.flatMap { item -> [Field] in
            switch item {
            case .field(let f): [f]
            case .fieldset(_, let fs): fs
            case .group: []
            }
        }
    }

    /// Rows of `group` in what was sent (the highest index + 1), at least its initial count
    /// when nothing was sent.
    func rowCount(_ group: Group, in form: FormBody, fresh: Bool) -> Int {
        var highest = -1
        let prefix = group.key + "["
        for (name, _) in form.fields where name.hasPrefix(prefix) {
            if let close = name.firstIndex(of: "]"), let i = Int(name[name.index(name.startIndex, offsetBy: prefix.count)..<close]) {
                highest = max(highest, i)
            }
        }
        return highest >= 0 ? min(highest + 1, 200) : (fresh ? group.initialRows : 0)
    }

    /// The names the form may send; anything else is refused.
    func knows(_ name: String) -> Bool {
        if Self.controls.contains(name) || plainFields.contains(where: { $0.path == name }) { return true }
        for g in groups {
            let prefix = g.key + "["
            guard name.hasPrefix(prefix), let close = name.firstIndex(of: "]"),
                  Int(name[name.index(name.startIndex, offsetBy: prefix.count)..<close]) != nil else { continue }
            let rest = name[name.index(after: close)...]
            if rest.hasPrefix("."), g.fields.contains(where: { $0.path == rest.dropFirst() }) { return true }
        }
        return false
    }

    /// `form` with a row added to or removed from a group (`add:tenders`, `remove:tenders:1`),
    /// the later rows moved up.
    func applying(_ action: String, to form: FormBody) -> FormBody {
        let parts = action.split(separator: ":").map(String.init)
        guard parts.count >= 2, let g = groups.first(where: { $0.key == parts[1] }) else { return form }
        var fields = form.fields
        let count = rowCount(g, in: form, fresh: false)
        if parts[0] == "add" {
            for f in g.fields { fields.append(("\(g.key)[\(count)].\(f.path)", "")) }
        } else if parts[0] == "remove", parts.count == 3, let gone = Int(parts[2]) {
            fields = fields.compactMap { pair in
                guard let (i, rest) = Self.row(of: pair.name, in: g.key) else { return pair }
                if i == gone { return nil }
                return i > gone ? ("\(g.key)[\(i - 1)]\(rest)", pair.value) : pair
            }
        }
        return FormBody(fields: fields)
    }

    /// The row index and the rest of a group field's name (`tenders[2].amount` → 2, ".amount").
    static func row(of name: String, in key: String) -> (Int, Substring)? {
        let prefix = key + "["
        guard name.hasPrefix(prefix), let close = name.firstIndex(of: "]"),
              let i = Int(name[name.index(name.startIndex, offsetBy: prefix.count)..<close]) else { return nil }
        return (i, name[name.index(after: close)...])
    }

    // MARK: The input

    /// The input the Kit takes, built from what was sent: text as typed (blank is absent), boxes
    /// as true/false, rows that are wholly blank left out. `rowMap` says which form row each
    /// input row came from, so that problems find their field.
    func input(from form: FormBody) -> (json: [String: Any], rowMap: [String: [Int]]) {
        var root: [String: Any] = [:]
        for f in plainFields { Self.set(&root, f.path, Self.value(f, form[f.path])) }
        var rowMap: [String: [Int]] = [:]
        for g in groups {
            var rows: [Any] = []
            var map: [Int] = []
            for i in 0..<rowCount(g, in: form, fresh: false) {
                let values = g.fields.map { form["\(g.key)[\(i)].\($0.path)"] ?? "" }
                if values.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
                var row: [String: Any] = [:]
                for f in g.fields { Self.set(&row, f.path, Self.value(f, form["\(g.key)[\(i)].\(f.path)"])) }
                rows.append(row)
                map.append(i)
            }
            root[g.key] = rows
            rowMap[g.key] = map
        }
        return (Self.pruned(root), rowMap)
    }

    /// `object` without the objects in it whose every detail was left blank: an optional part
    /// (a deviation's supplier) not filled in is absent, as the input contract has it, and a
    /// required one is named as missing by the Kit.
    static func pruned(_ object: [String: Any]) -> [String: Any] {
        var out: [String: Any] = [:]
        for (k, v) in object {
            if let inner = v as? [String: Any] {
                let p = pruned(inner)
                if !p.values.allSatisfy({ $0 is NSNull }) { out[k] = p }
            } else {
                out[k] = v
            }
        }
        return out
    }

    static func value(_ f: Field, _ typed: String?) -> Any {
        if case .check = f.kind { return typed != nil }
        let t = typed ?? ""
        return t.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? NSNull() : t
    }

    /// Sets `value` at a dotted path, making the objects on the way.
    static func set(_ object: inout [String: Any], _ path: String, _ value: Any) {
        let parts = path.split(separator: ".", maxSplits: 1).map(String.init)
        if parts.count == 1 {
            if !(value is NSNull) || object[parts[0]] == nil { object[parts[0]] = value }
            return
        }
        var inner = object[parts[0]] as? [String: Any] ?? [:]
        set(&inner, parts[1], value)
        object[parts[0]] = inner
    }

    // MARK: Problems

    /// The form field a problem of the Kit names: its path with the input row turned back into
    /// the form's row; an object's problem goes to its first field.
    func fieldID(_ kitField: String, rowMap: [String: [Int]]) -> String {
        var path = kitField
        for g in groups {
            if let (i, rest) = Self.row(of: kitField, in: g.key), let map = rowMap[g.key], i < map.count {
                path = "\(g.key)[\(map[i])]\(rest)"
                let inner = rest.hasPrefix(".") ? String(rest.dropFirst()) : ""
                if !g.fields.contains(where: { $0.path == inner }) {
                    let first = g.fields.first { $0.path.hasPrefix(inner) } ?? g.fields[0]
                    path = "\(g.key)[\(map[i])].\(first.path)"
                }
                return path
            }
            if kitField == g.key { return "\(g.key)-lagg-till" }
        }
        if plainFields.contains(where: { $0.path == path }) { return path }
        if let f = plainFields.first(where: { $0.path.hasPrefix(path + ".") }) { return f.path }
        return "formular"
    }

    /// The Swedish name of a form field (`Anbud 2 – Belopp`, `Avtalsperiod – Från och med`).
    func label(_ id: String) -> String {
        for item in items {
            if case .field(let f) = item, f.path == id { return f.label }
            if case .fieldset(let legend, let fs) = item, let f = fs.first(where: { $0.path == id }) { return "\(legend) – \(f.label)" }
        }
        for g in groups {
            if id == "\(g.key)-lagg-till" { return g.legend }
            if let (i, rest) = Self.row(of: id, in: g.key) {
                let inner = rest.dropFirst()
                let label = g.fields.first { $0.path == inner }?.label ?? ""
                return "\(g.rowLabel) \(i + 1)" + (label.isEmpty ? "" : " – " + label)
            }
        }
        return "Formuläret"
    }

    // MARK: The page

    /// The form's items as the template shows them.
    func context(_ form: FormBody, problems: FormProblems, fresh: Bool) -> [[String: Any]] {
        func field(_ f: Field, id: String) -> [String: Any] {
            var c = FormField(id: id, label: f.label, value: form[id] ?? "", hint: f.hint, errors: problems[id],
                              type: Self.inputType(f.kind)).context
            switch f.kind {
            case .area: c["isArea"] = true
            case .check:
                c["isCheck"] = true
                c["checked"] = form[id] != nil
            case .select(let options):
                c["isSelect"] = true
                c["options"] = options.map { ["code": $0.code, "label": $0.label, "selected": $0.code == (form[id] ?? "")] }
            default: c["isInput"] = true
            }
            return c
        }
        return items.map { item -> [String: Any] in
            switch item {
            case .field(let f): return ["fields": [field(f, id: f.path)]]
            case .fieldset(let legend, let fs): return ["legend": legend, "fields": fs.map { field($0, id: $0.path) }]
            case .group(let g):
                let rows = (0..<rowCount(g, in: form, fresh: fresh)).map { i -> [String: Any] in
                    ["label": "\(g.rowLabel) \(i + 1)", "remove": "remove:\(g.key):\(i)",
                     "fields": g.fields.map { field($0, id: "\(g.key)[\(i)].\($0.path)") }]
                }
                var c: [String: Any] = ["legend": g.legend, "isGroup": true, "rows": rows, "add": "add:\(g.key)", "addID": "\(g.key)-lagg-till",
                                        "addLabel": "Lägg till " + g.rowLabel.lowercased()]
                if let e = problems.byField["\(g.key)-lagg-till"] { c["groupError"] = e.map { Site.sentence($0.message) + " [\($0.rule)]" }.joined(separator: " ") }
                return c
            }
        }
    }

    static func inputType(_ k: Kind) -> String {
        switch k {
        case .date: "date"
        case .email: "email"
        case .amount: "text"
        default: "text"
        }
    }
}
