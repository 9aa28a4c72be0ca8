/// A value that is written as one string in every JSON file and table (`"245000.50"`,
/// `"2026-11-24"`, `"RS 2026/0042-3"`) and can only be decoded from a valid one: decoding goes
/// through the same `init?(parsing:)` as the input contract, so no second, laxer path exists.
public protocol TextCodable: Codable, CustomStringConvertible {
    init?(parsing text: String)
}

extension TextCodable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a valid \(Self.self)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
