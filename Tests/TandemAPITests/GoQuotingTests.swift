import Testing
import TandemAPI

@Test func quotesLikeGoStrconvQuote() {
    #expect(GoQuoting.quote("web") == #""web""#)
    #expect(GoQuoting.quote("") == #""""#)
    #expect(GoQuoting.quote(#"say "hi" \ bye"#) == #""say \"hi\" \\ bye""#)
    #expect(GoQuoting.quote("a\nb\tc\rd") == #""a\nb\tc\rd""#)
    #expect(GoQuoting.quote("\u{07}\u{08}\u{0C}\u{0B}") == #""\a\b\f\v""#)
    #expect(GoQuoting.quote("\u{00}\u{1B}\u{7F}") == #""\x00\x1b\x7f""#)
    #expect(GoQuoting.quote("\u{200B}\u{0085}") == #""\u200b\u0085""#)
    #expect(GoQuoting.quote("\u{E0001}") == #""\U000e0001""#)
    #expect(GoQuoting.quote("héllo ✓ 日本") == "\"héllo ✓ 日本\"")
}
