import DiariumText
import Foundation
import Testing

/// The text of `html` fed to the extractor in the given pieces (cut between scalars).
func htmlText(_ html: String, splitAt cuts: [Int] = []) -> String {
    let scalars = Array(html.unicodeScalars)
    var extractor = HTMLTextExtractor()
    var out = ""
    var start = 0
    for cut in cuts + [scalars.count] {
        out += extractor.feed(Array(scalars[start..<cut]))
        start = cut
    }
    return out + extractor.finish()
}

@Suite("HTML text extraction")
struct HTMLTextExtractorTests {
    static let references: [(String, String)] = [
        ("&amp; &lt; &gt; &quot; &apos;", "& < > \" '"),
        ("&aring;&Aring;&auml;&Auml;&ouml;&Ouml;", "åÅäÄöÖ"),
        ("&eacute;&Eacute;&uuml;&Uuml;&aelig;&AElig;&oslash;&Oslash;", "éÉüÜæÆøØ"),
        ("a&ndash;b&mdash;c&hellip; &laquo;d&raquo; &copy;", "a–b—c… «d» ©"),
        ("a&nbsp;b", "a\u{A0}b"),
        ("Kemi&shy;konsult", "Kemikonsult"),
        ("&#229;&#xE5;&#XE5;&#x1F600;", "ååå😀"),
        ("&#150; &#128;", "– €"),
        ("&#0; &#xD800; &#x110000;", "\u{FFFD} \u{FFFD} \u{FFFD}"),
        ("&unknown; &Aringx; &", "&unknown; &Aringx; &"),
        ("&#; &#x; &#xg", "&#; &#x; &#xg"),
        ("&amp &auml ja", "& ä ja"),
        ("&ndash utan semikolon", "&ndash utan semikolon"),
        ("slut &auml", "slut ä"),
    ]

    @Test("character references are decoded; an unknown name stays as written", arguments: references)
    func characterReferences(_ html: String, _ expected: String) {
        #expect(htmlText(html) == expected)
    }

    static let skipped: [(String, String)] = [
        ("<html><head><title>Titel</title><style>p { color: red }</style></head><body><p>Hej</p></body></html>", "Hej"),
        ("<p>före</p><script>var s = '<p>inte text</p>'; if (a < b) {}</script><p>efter</p>", "före\nefter"),
        ("<SCRIPT type=x>x</Script >kvar", "kvar"),
        ("<script>a</scripts> b </script>kvar", "kvar"),
        ("<style/>p{}</style>kvar", "kvar"),
        ("<head><meta charset=utf-8><link rel=x>Text utan body", "Text utan body"),
        ("<head><title>T</title></head>Efter head", "Efter head"),
        ("<head><title>T</title><p>Stycke i head öppnar body", "Stycke i head öppnar body"),
    ]

    @Test("script, style and the head are skipped", arguments: skipped)
    func skippedElements(_ html: String, _ expected: String) {
        #expect(htmlText(html) == expected)
    }

    static let structure: [(String, String)] = [
        ("Kemi<b>konsult</b>", "Kemikonsult"),
        ("<span>Kemi</span><em>konsult</em><a href='x'>bolaget</a>", "Kemikonsultbolaget"),
        ("<p>Ett</p><p>Två</p>", "Ett\nTvå"),
        ("<div>Ett</div><div>Två</div>", "Ett\nTvå"),
        ("<table><tr><td>A</td><td>B</td></tr><tr><th>C</th></tr></table>", "A\nB\nC"),
        ("<ul><li>Ett<li>Två</ul>", "Ett\nTvå"),
        ("Rad<br>rad<br/>rad<hr>slut", "Rad\nrad\nrad\nslut"),
        ("<h1>Rubrik</h1><h6>Liten</h6><section>S</section><article>A</article><blockquote>B</blockquote><pre>P</pre>", "Rubrik\nLiten\nS\nA\nB\nP"),
        ("<ol><li>1</li></ol><ul><li>2</li></ul>", "1\n2"),
        ("  många   \n\t mellanslag  ", "många mellanslag"),
    ]

    @Test("block elements break lines, inline elements leave nothing", arguments: structure)
    func blocksAndInline(_ html: String, _ expected: String) {
        #expect(htmlText(html) == expected)
    }

    static let markup: [(String, String)] = [
        ("a <!-- <p>kommentar</p> --> b", "a b"),
        ("a<!---->b<!-->c<!--->d", "abcd"),
        ("a<!-- x --!>b", "ab"),
        ("<!DOCTYPE html>a<![CDATA[x]]>b<?php echo 1 ?>c", "abc"),
        ("<a title='x>y' data-x=\"p>q\" c=d>text</a>", "text"),
        ("a < b och c<3", "a < b och c<3"),
        ("a </ b> c", "a c"),
        ("<p\nclass=x\n>radbruten tagg</p>", "radbruten tagg"),
    ]

    @Test("tags, comments and declarations are dropped; a stray < is text", arguments: markup)
    func markupDropped(_ html: String, _ expected: String) {
        #expect(htmlText(html) == expected)
    }

    static let sample = """
        <!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>Beslut</title>
        <style>p{}</style></head><body><h1>Beslut &ndash; RS&nbsp;2026/0042</h1>
        <p class="x" title='a > b'>Kemi<b>konsult</b> &amp; <i>Åsa</i> Öberg &#229;&#xE4;</p>
        <!-- dold --><table><tr><td>1 000 kr</td><td>€ &euro;</td></tr></table>
        <script>var x = "</p>";</script><p>Slut&hellip;</p></body></html>
        """

    @Test("the text of a document split at every scalar boundary equals the unsplit text")
    func everySplit() {
        let whole = htmlText(Self.sample)
        #expect(whole.contains("Kemikonsult & Åsa Öberg åä"))
        #expect(!whole.contains("Beslut\nBeslut"), "the title is not text")
        let count = Self.sample.unicodeScalars.count
        for cut in 1..<count {
            #expect(htmlText(Self.sample, splitAt: [cut]) == whole, "split at \(cut)")
        }
        #expect(htmlText(Self.sample, splitAt: Array(1..<count)) == whole, "one scalar at a time")
    }
}
