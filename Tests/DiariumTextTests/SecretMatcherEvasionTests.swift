import DiariumText
import Foundation
import Testing

/// The secret matcher against text written to hide a secret or to wear the matcher out (issue 11):
/// every case here failed on 23ec4fe. Each says what would leak, what legitimate work would be
/// refused, or what would stall.
@Suite("The secret matcher against evasive spellings and pathological text")
struct SecretMatcherEvasionTests {
    // Leak: letters that look like the secret's but are neither in the confusables table nor
    // decomposed by NFKD (Latin small capitals from "fancy text" generators, Greek alpha,
    // Cyrillic komi de, capital I for l in a sans-serif font) reach titles, views and copies.
    @Test("a secret name written with look-alike letters the fold table lacks is found", arguments: [
        MatcherCase(secret: "Kemikonsult Norden AB", kind: .name, text: "Anbud från \u{1D0B}\u{1D07}\u{1D0D}\u{026A}\u{1D0B}\u{1D0F}\u{0274}s\u{1D1C}\u{029F}\u{1D1B}"),
        MatcherCase(secret: "Nordisk Sjukvårdsprodukter AB", kind: .name, text: "Anbud från Sjukv\u{03B1}rdsprodukter"),
        MatcherCase(secret: "Karin Sundqvist", kind: .name, text: "Skrivelse från Sun\u{0501}qvist"),
        MatcherCase(secret: "Kemikonsult Norden AB", kind: .name, text: "Anbud från KemikonsuIt"),
    ])
    func lookAlikes(_ c: MatcherCase) { #expect(c.found) }

    // Leak: a distinctive word glued to the word before it in CamelCase (the usual shape of a
    // file name) starts no word, so the file name goes to the public register.
    @Test("a secret name inside a CamelCase file name is found", arguments: [
        MatcherCase(secret: "Kemikonsult Norden AB", kind: .name, text: "AnbudKemikonsultNorden.pdf"),
        MatcherCase(secret: "Kemikonsult Norden AB", kind: .name, text: "2026-11-12_AnbudKemikonsult.pdf"),
        MatcherCase(secret: "Karin Sundqvist", kind: .name, text: "SkrivelseSundqvist.docx"),
    ])
    func camelCase(_ c: MatcherCase) { #expect(c.found) }

    // Leak: encodings a file or a file name really carries and a reader (or a browser) decodes:
    // percent-encoding, quoted-printable, HTML references without their semicolon (browsers
    // render `&ouml` and `&#246` in text) and named references missing from the table.
    @Test("a secret name in percent-encoding, quoted-printable or a legacy HTML reference is found", arguments: [
        MatcherCase(secret: "Anna Sjöberg", kind: .name, text: "Anbud_Sj%C3%B6berg.pdf"),
        MatcherCase(secret: "Anna Sjöberg", kind: .name, text: "Med v=C3=A4nlig h=C3=A4lsning\nAnna Sj=C3=B6berg"),
        MatcherCase(secret: "Anna Sjöberg", kind: .name, text: "<p>H&auml;lsningar, Anna Sj&oumlberg</p>"),
        MatcherCase(secret: "Anna Sjöberg", kind: .name, text: "<p>H&auml;lsningar, Anna Sj&#246berg</p>"),
        MatcherCase(secret: "Citroën Sverige AB", kind: .name, text: "<p>Anbud fr&aring;n Citro&euml;n</p>"),
    ])
    func encodedNames(_ c: MatcherCase) { #expect(c.found) }

    // Leak: Swedish amount forms the number reader does not take: the colon before öre
    // (`259 500:50`), millions with three decimals (`2,595 mkr`), `245k`.
    @Test("a secret amount in other Swedish forms is found", arguments: [
        MatcherCase(secret: "259500.50", kind: .amount, text: "Pris 259 500:50 kr"),
        MatcherCase(secret: "2595000", kind: .amount, text: "Anbudet ligger på 2,595 mkr"),
        MatcherCase(secret: "245000", kind: .amount, text: "Anbudet ligger på 0,245 Mkr"),
        MatcherCase(secret: "245000", kind: .amount, text: "Anbudet ligger på 245k SEK"),
    ])
    func amountForms(_ c: MatcherCase) { #expect(c.found) }

    // Leak: a spaced dash (`070 - 123 45 67`, common in typed text) is three separators, which
    // ends the run of digit groups, so no identifier is whole.
    @Test("an identifier written with a spaced dash is found", arguments: [
        MatcherCase(secret: "070-123 45 67", kind: .phone, text: "Ring mig på 070 - 123 45 67"),
        MatcherCase(secret: "556677-1234", kind: .organisationNumber, text: "Orgnr 556677 - 1234"),
        MatcherCase(secret: "19800101-1234", kind: .personalIdentityNumber, text: "Pnr 800101 - 1234"),
        MatcherCase(secret: "070-123 45 67", kind: .phone, text: "Ring mig på 070 – 1234567"),
    ])
    func spacedDash(_ c: MatcherCase) { #expect(c.found) }

    // Leak: the way people write an address to keep it from harvesters is read by every human.
    @Test("a secret e-mail address written with (at) or [at] is found", arguments: [
        MatcherCase(secret: "anna.svensson@example.se", kind: .email, text: "Svar till anna.svensson(at)example.se"),
        MatcherCase(secret: "anna.svensson@example.se", kind: .email, text: "Svar till anna.svensson [at] example [dot] se"),
    ])
    func obfuscatedEmail(_ c: MatcherCase) { #expect(c.found) }

    // False refusal: a secret round amount is "found" as the tail of a larger amount written
    // with thousands spaces (`1 500 000 kr` holds `500 000`), so a public budget figure is
    // refused at input or masked in a public view. (SecretMatcherTests asserts the opposite
    // for `2 245 000`: the two rules cannot both hold.)
    @Test("a number is not found as the tail of a longer number grouped by thousands", arguments: [
        MatcherCase(secret: "500000", kind: .amount, text: "Budgeten är 1 500 000 kr för hela regionen."),
        MatcherCase(secret: "245000", kind: .amount, text: "Ramavtalets värde är 12 245 000 kr."),
    ])
    func groupedTail(_ c: MatcherCase) { #expect(!c.found) }

    // False refusal: the windowed scanner reads the first window's end as the end of the
    // text, so a longer number cut by the window edge matches a secret that is its head.
    @Test("a number cut by the scanner's window edge is not taken for a shorter secret one")
    func windowEdge() {
        let matcher = SecretMatcher([.init(value: "556677-1234", kind: .organisationNumber, tag: 1)])
        let window = 1 << 20
        let head = String(repeating: "x", count: window - 11) + " 5566771234"
        let tail = "5 är ett referensnummer, inget organisationsnummer.\n"
        #expect(!matcher.matches(head + tail), "control: the whole text holds no such number")
        var scanner = SecretScanner(matcher)
        scanner.feed(head)
        scanner.feed(tail)
        #expect(scanner.finish() == nil)
    }

    // Robustness: every unclosed `<!--` was scanned up to 100 000 scalars ahead for its `-->`,
    // so a text of unclosed comments cost 100 000 steps a character (a 1 MB file ~17 s in a
    // release build). The cost is measured outside the tests; here, what must hold: a secret
    // after a run of unclosed comments is still found, and one inside a closed comment too.
    @Test("a secret after thousands of unclosed comments is found, and one inside a comment")
    func unclosedComments() {
        let matcher = SecretMatcher([.init(value: "Kemikonsult Norden AB", kind: .name, tag: 1)])
        let hostile = String(repeating: "<!--", count: 32 * 1024) + " <p>Kemikonsult Norden AB</p>"
        #expect(matcher.firstMatch(in: hostile)?.tag == 1)
        let hidden = "<p>Leverantör: <!-- Kemikonsult Norden AB --> se bilaga</p>"
        #expect(matcher.firstMatch(in: hidden)?.tag == 1)
        let split = "<p>Kemikonsult<!-- x --> Norden AB</p>"
        #expect(matcher.firstMatch(in: split)?.tag == 1)
    }

    // Robustness: masking appended to a String.UnicodeScalarView once per hit, quadratic in
    // the hits (8 MB of ledger lines naming the supplier took 18 s). What must hold: every hit
    // of a text with very many is masked, and nothing else in it changes.
    @Test("masking a text with a hundred thousand hits masks each one and keeps the rest")
    func maskingEveryHit() {
        let matcher = SecretMatcher([.init(value: "ICA", kind: .name, tag: 1)])
        let count = 100_000
        let text = String(repeating: "ICA, ", count: count)
        #expect(matcher.allMatches(in: text).count == count)
        let masked = matcher.masking(text) { _ in "[X]" }
        #expect(masked == String(repeating: "[X], ", count: count))
    }
}
