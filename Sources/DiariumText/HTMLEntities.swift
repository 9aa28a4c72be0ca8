/// The named character references HTML text uses in Swedish and ordinary office documents.
/// HTML has over two thousand; these are the Latin-1 set (which covers å, ä, ö, é, ü, æ, ø), the
/// markup escapes and the common punctuation. An unknown name stays as written.
enum HTMLEntities {
    /// U+00A0 to U+00FF in order, as HTML 4 named them. WHATWG keeps these (and amp, lt, gt,
    /// quot) readable without the closing semicolon, because old pages omit it.
    private static let latin1: [String] = [
        "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf", "laquo", "not", "shy", "reg", "macr",
        "deg", "plusmn", "sup2", "sup3", "acute", "micro", "para", "middot", "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
        "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave", "Eacute", "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml",
        "ETH", "Ntilde", "Ograve", "Oacute", "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute", "THORN", "szlig",
        "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil", "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml",
        "eth", "ntilde", "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave", "uacute", "ucirc", "uuml", "yacute", "thorn", "yuml",
    ]

    private static let others: [String: UInt32] = [
        "amp": 0x26, "lt": 0x3C, "gt": 0x3E, "quot": 0x22, "apos": 0x27,
        "OElig": 0x152, "oelig": 0x153, "Scaron": 0x160, "scaron": 0x161, "Yuml": 0x178, "fnof": 0x192,
        "circ": 0x2C6, "tilde": 0x2DC, "ensp": 0x2002, "emsp": 0x2003, "thinsp": 0x2009,
        "zwnj": 0x200C, "zwj": 0x200D, "lrm": 0x200E, "rlm": 0x200F, "ndash": 0x2013, "mdash": 0x2014,
        "lsquo": 0x2018, "rsquo": 0x2019, "sbquo": 0x201A, "ldquo": 0x201C, "rdquo": 0x201D, "bdquo": 0x201E,
        "dagger": 0x2020, "Dagger": 0x2021, "bull": 0x2022, "hellip": 0x2026, "permil": 0x2030,
        "prime": 0x2032, "Prime": 0x2033, "lsaquo": 0x2039, "rsaquo": 0x203A, "euro": 0x20AC,
        "trade": 0x2122, "larr": 0x2190, "rarr": 0x2192, "minus": 0x2212,
    ]

    /// Name to scalar value, with whether the name may stand without its semicolon.
    static let table: [String: (value: UInt32, legacy: Bool)] = {
        var t: [String: (value: UInt32, legacy: Bool)] = [:]
        for (i, name) in latin1.enumerated() { t[name] = (0xA0 + UInt32(i), true) }
        for (name, value) in others { t[name] = (value, ["amp", "lt", "gt", "quot"].contains(name)) }
        return t
    }()

    /// The longest name in the table: a longer run of letters cannot be a reference.
    static let longestName = table.keys.map(\.utf8.count).max() ?? 0
}
