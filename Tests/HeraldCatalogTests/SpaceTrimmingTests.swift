import Foundation
import Testing
@testable import HeraldCatalog

/// `trimmingSpaces` must trim exactly what Foundation's `trimmingCharacters(in: .whitespaces)` trims, since volume and
/// summary findings depend on it.
struct SpaceTrimmingTests {
    @Test func agreesWithFoundationOnEveryBMPScalar() {
        var disagreements: [UInt32] = []
        for value in UInt32(0)...0xFFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "\(scalar)x\(scalar)"
            if text.trimmingSpaces != text.trimmingCharacters(in: .whitespaces) { disagreements.append(value) }
        }
        #expect(disagreements.isEmpty, "differs for \(disagreements.prefix(10).map { String($0, radix: 16) })")
    }

    @Test func trimsOnlyTheEnds() {
        #expect(" \t 5 / day \u{3000}".trimmingSpaces == "5 / day")
        #expect("   ".trimmingSpaces == "")
        #expect("".trimmingSpaces == "")
        #expect("\n5/day\n".trimmingSpaces == "\n5/day\n")
        // A combining mark after a space keeps the space's scalar out of the trim only at the end it is on.
        #expect(" \u{301}a".trimmingSpaces == " \u{301}a".trimmingCharacters(in: .whitespaces))
        #expect("a \u{301}".trimmingSpaces == "a \u{301}".trimmingCharacters(in: .whitespaces))
    }
}
