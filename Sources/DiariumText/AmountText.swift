/// Amounts as the input contract writes them (`"245000"`, `"245000.5"`, `"245000.50"`): digits,
/// optionally a point and one or two digits; no sign, no spaces, no exponent; at most 13 digits
/// of kronor. Read into öre here, where the matcher needs a secret amount's value, and by
/// `Amount`, so that both read the contract alike.
public enum AmountText {
    public static func ore(_ text: String) -> Int64? {
        var whole: Int64 = 0, wholeDigits = 0, frac: Int64 = 0, fracDigits = 0, point = false
        for b in text.utf8 {
            if b == UInt8(ascii: ".") {
                guard !point else { return nil }
                point = true
                continue
            }
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
            let d = Int64(b - UInt8(ascii: "0"))
            if point {
                fracDigits += 1
                guard fracDigits <= 2 else { return nil }
                frac = frac * 10 + d
            } else {
                wholeDigits += 1
                guard wholeDigits <= 13 else { return nil }
                whole = whole * 10 + d
            }
        }
        guard wholeDigits > 0, !point || fracDigits > 0 else { return nil }
        return whole * 100 + (fracDigits == 1 ? frac * 10 : frac)
    }
}
