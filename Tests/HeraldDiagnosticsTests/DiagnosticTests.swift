import Testing
@testable import HeraldDiagnostics

@Suite struct DiagnosticTests {
    @Test func locationDescriptionLeavesOutUnknownParts() {
        #expect(SourceLocation(file: "a.avsc", line: 3, column: 7).description == "a.avsc:3:7")
        #expect(SourceLocation(file: "a.avsc", line: 3).description == "a.avsc:3")
        #expect(SourceLocation(file: nil).description == "<input>")
    }

    @Test func sortingIsByFileLineColumnThenRule() {
        let b = Diagnostic(rule: "B", category: .schema, severity: .error, message: "", location: SourceLocation(file: "x", line: 2, column: 1))
        let a = Diagnostic(rule: "A", category: .schema, severity: .warning, message: "", location: SourceLocation(file: "x", line: 1, column: 9))
        let c = Diagnostic(rule: "A", category: .schema, severity: .warning, message: "", location: SourceLocation(file: "w", line: 9, column: 9))
        #expect([b, a, c].sortedForOutput().map(\.rule) == ["A", "A", "B"])
        #expect([b, a, c].sortedForOutput().first?.location?.file == "w")
        #expect([a, b].hasErrors)
        #expect(![a, c].hasErrors)
    }
}
