@testable import HeraldSite
import Testing

/// Herald's Mustache engine against the rules of the Mustache spec that the site templates and users' `--templates`
/// rely on: interpolation, sections, inverted sections, comments, partials, set delimiters and standalone lines.
@Suite struct TemplateSpecTests {
    /// Renders `template` (with `partials` registered beside it) against `context`.
    func render(_ template: String, _ context: TemplateValue = [:], partials: [String: String] = [:]) throws -> String {
        var sources = partials
        sources["main"] = template
        return String(decoding: try TemplateLibrary(sources: sources).render("main", context), as: UTF8.self)
    }

    // MARK: Interpolation

    @Test func textWithoutTagsIsCopied() throws {
        #expect(try render("Hello {from} the } side\n{ of {x}.") == "Hello {from} the } side\n{ of {x}.")
    }

    @Test func variablesAreHTMLEscaped() throws {
        let context: TemplateValue = ["v": "& < > \" ' é"]
        #expect(try render("{{v}}", context) == "&amp; &lt; &gt; &quot; &#39; é")
        #expect(try render("{{{v}}}", context) == "& < > \" ' é")
        #expect(try render("{{&v}}", context) == "& < > \" ' é")
        #expect(try render("{{v}}", ["v": .utf8(Array("<b>".utf8))]) == "&lt;b&gt;")
    }

    @Test func numbersAndFlagsPrint() throws {
        #expect(try render("{{n}} {{f}} {{t}}", ["n": 42, "f": false, "t": true]) == "42 false true")
    }

    @Test func missingNamesPrintNothing() throws {
        #expect(try render("[{{nope}}][{{{nope}}}][{{a.b}}]") == "[][][]")
    }

    @Test func tagPaddingIsIgnored() throws {
        #expect(try render("|{{ v }}|{{{ v }}}|{{& v }}|", ["v": "x"]) == "|x|x|x|")
    }

    @Test func dottedNames() throws {
        let context: TemplateValue = ["a": ["b": ["c": "deep"]], "c": "outer"]
        #expect(try render("{{a.b.c}}", context) == "deep")
        // A broken chain is empty; it does not fall back to outer contexts.
        #expect(try render("[{{a.x.c}}]", context) == "[]")
        #expect(try render("[{{a.b.x}}]", ["a": ["b": [:]], "x": "outer"]) == "[]")
        // The first part is looked up through the context stack.
        #expect(try render("{{#a}}{{#b}}{{c}} {{a.b.c}}{{/b}}{{/a}}", context) == "deep deep")
        #expect(try render("{{#a.b}}{{c}}{{/a.b}}", context) == "deep")
    }

    @Test func implicitIterator() throws {
        #expect(try render("{{#l}}({{.}}){{/l}}", ["l": ["a", 1, "<"]]) == "(a)(1)(&lt;)")
        #expect(try render("{{#l}}({{{.}}}){{/l}}", ["l": ["<"]]) == "(<)")
    }

    // MARK: Sections

    @Test func sectionTruthiness() throws {
        #expect(try render("[{{#t}}yes{{/t}}]", ["t": true]) == "[yes]")
        #expect(try render("[{{#f}}yes{{/f}}]", ["f": false]) == "[]")
        #expect(try render("[{{#m}}yes{{/m}}]") == "[]")
        #expect(try render("[{{#e}}yes{{/e}}]", ["e": []]) == "[]")
        // Every other value is truthy, the empty string and zero included.
        #expect(try render("[{{#s}}yes{{/s}}][{{#z}}yes{{/z}}]", ["s": "", "z": 0]) == "[yes][yes]")
    }

    @Test func listsRepeatWithEachItemAsContext() throws {
        let context: TemplateValue = ["items": [["n": "a"], ["n": "b"], ["n": "c"]]]
        #expect(try render("{{#items}}<{{n}}>{{/items}}", context) == "<a><b><c>")
    }

    @Test func objectsAndTextsBecomeTheContext() throws {
        #expect(try render("{{#o}}{{x}}{{/o}}", ["o": ["x": "inner"], "x": "outer"]) == "inner")
        #expect(try render("{{#s}}[{{.}}]{{/s}}", ["s": "text"]) == "[text]")
    }

    @Test func namesFallBackToOuterContexts() throws {
        let context: TemplateValue = ["root": "../", "items": [["url": "a.html"], ["url": "b.html", "root": "/"]]]
        #expect(try render("{{#items}}{{root}}{{url}} {{/items}}", context) == "../a.html /b.html ")
    }

    @Test func nestedSectionsOfTheSameName() throws {
        #expect(try render("{{#a}}1{{#a}}2{{/a}}3{{/a}}", ["a": true]) == "123")
    }

    @Test func invertedSections() throws {
        let context: TemplateValue = ["t": true, "f": false, "e": [], "l": [1]]
        #expect(try render("{{^t}}T{{/t}}{{^f}}F{{/f}}{{^e}}E{{/e}}{{^l}}L{{/l}}{{^m}}M{{/m}}", context) == "FEM")
    }

    // MARK: Whitespace

    @Test func standaloneSectionLinesAreRemoved() throws {
        let template = "Begin\n  {{#a}}\n  Inside\n  {{/a}}\n  {{^a}}\n  Never\n  {{/a}}\nEnd\n"
        #expect(try render(template, ["a": true]) == "Begin\n  Inside\nEnd\n")
    }

    @Test func tagsSharingALineAreNotStandalone() throws {
        #expect(try render(" {{#a}}x{{/a}} \n", ["a": true]) == " x \n")
        #expect(try render("  {{#a}}{{#b}}\nx\n  {{/b}}{{/a}}\n", ["a": true, "b": true]) == "  \nx\n  \n")
        #expect(try render(" | {{#a}}\n{{/a}}", ["a": false]) == " | ")
    }

    @Test func standaloneLinesWithCRLFAndAtTheEnds() throws {
        #expect(try render("|\r\n{{#a}}\r\n{{/a}}\r\n|", ["a": true]) == "|\r\n|")
        #expect(try render("  {{#a}}\n#{{/a}}\n/", ["a": true]) == "#\n/")
        #expect(try render("#{{#a}}\n/\n  {{/a}}", ["a": true]) == "#\n/\n")
    }

    @Test func comments() throws {
        #expect(try render("A{{! hidden }}B") == "AB")
        #expect(try render("A\n  {{! alone }}\nB\n") == "A\nB\n")
        #expect(try render("Begin.\n{{!\nacross\nlines\n}}\nEnd.\n") == "Begin.\nEnd.\n")
        #expect(try render("A {{! inline }}\n") == "A \n")
    }

    // MARK: Partials

    @Test func partialsRenderInTheCurrentContext() throws {
        #expect(try render("[{{>p}}]", ["x": "1"], partials: ["p": "x={{x}}"]) == "[x=1]")
        #expect(try render("{{#o}}{{> p }}{{/o}}", ["o": ["x": "2"]], partials: ["p": "x={{x}}"]) == "x=2")
        #expect(try render("[{{>missing}}]") == "[]")
    }

    @Test func standalonePartialsAreIndented() throws {
        let partials = ["p": "a\n{{#s}}\nb\n{{/s}}\n"]
        #expect(try render("\\\n  {{>p}}\n/\n", ["s": true], partials: partials) == "\\\n  a\n  b\n/\n")
        // Interpolated text is not re-indented, only the partial's own lines.
        #expect(try render("\\\n  {{>q}}\n/\n", ["c": "1\n2"], partials: ["q": "|{{{c}}}|\n"]) == "\\\n  |1\n2|\n/\n")
        // Indentation accumulates through standalone partials inside partials.
        #expect(try render("  {{>outer}}\n", partials: ["outer": "o\n  {{>inner}}\n", "inner": "i\nj\n"]) == "  o\n    i\n    j\n")
    }

    @Test func inlinePartialsAreNotIndented() throws {
        #expect(try render("  x{{>p}}\n", partials: ["p": "a\nb"]) == "  xa\nb\n")
    }

    @Test func recursivePartialsEnd() throws {
        let tree: TemplateValue = ["name": "1", "kids": [["name": "2", "kids": [["name": "3", "kids": []]]]]]
        #expect(try render("{{>node}}", tree, partials: ["node": "{{name}}({{#kids}}{{>node}}{{/kids}})"]) == "1(2(3()))")
        // A partial including itself unconditionally stops at the depth limit instead of overflowing the stack.
        let runaway = try render("{{>self}}", partials: ["self": "x{{>self}}"])
        #expect(runaway.count == TemplateLibrary.maximumPartialDepth)
    }

    // MARK: Delimiters

    @Test func setDelimiters() throws {
        #expect(try render("{{=<% %>=}}(<% v %>){{v}}<%={{ }}=%>({{v}})", ["v": "x"]) == "(x){{v}}(x)")
        #expect(try render("{{= | | =}}|#l||.||/l|", ["l": [1, 2]]) == "12")
        #expect(try render("A\n  {{=@ @=}}\n@v@\n", ["v": "x"]) == "A\nx\n")
    }

    // MARK: Errors

    @Test func syntaxErrorsNameTheLine() throws {
        let cases: [(String, String)] = [
            ("ok\n{{#a}}open", "line 2"),
            ("{{#a}}{{/b}}", "does not close"),
            ("text {{/a}}", "closes no open section"),
            ("x\ny {{unclosed", "line 2, column 3"),
            ("{{<parent}}{{/other}}", "does not close"),
            ("{{$block}}", "never closed"),
            ("{{=only=}}", "delimiter"),
            ("{{a..b}}", "not a valid name"),
            (String(repeating: "{{#a}}", count: 5000) + String(repeating: "{{/a}}", count: 5000), "nested deeper"),
        ]
        for (template, expected) in cases {
            do {
                _ = try render(template)
                Issue.record("\(template) rendered")
            } catch {
                #expect("\(error)".contains(expected), "\(template): \(error)")
            }
        }
    }
}
