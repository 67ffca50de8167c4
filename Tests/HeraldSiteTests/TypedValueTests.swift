import HeraldAvro
@testable import HeraldSite
import Testing

/// Values as their types mean them, and the code points HTML forbids never reaching a page.
@Suite struct TypedValueTests {
    @Test func decimalsKeepTheirScale() {
        #expect(LogicalValueText.decimal([0x0F, 0x96], scale: 3) == "3.990")
        #expect(LogicalValueText.decimal([0x01, 0xEA], scale: 2) == "4.90")
        #expect(LogicalValueText.decimal([0x05], scale: 2) == "0.05")
        #expect(LogicalValueText.decimal([0xFF], scale: 2) == "-0.01")
        #expect(LogicalValueText.decimal([0x80], scale: 0) == "-128")
        #expect(LogicalValueText.decimal([], scale: 2) == "0.00")
        #expect(LogicalValueText.decimal([0x00, 0x00, 0x7B], scale: 0) == "123")
        // 2^64 + 1, beyond any machine integer.
        #expect(LogicalValueText.decimal([0x01, 0, 0, 0, 0, 0, 0, 0, 0x01], scale: 4) == "1844674407370955.1617")
    }

    @Test func bytesAreHexAndUUIDsAsWritten() {
        #expect(LogicalValueText.hex([0x0F, 0x96, 0x41]) == "\\x0f\\x96\\x41")
        #expect(LogicalValueText.uuid(Array(0..<16)) == "00010203-0405-0607-0809-0a0b0c0d0e0f")
        #expect(LogicalValueText.duration([1, 0, 0, 0, 2, 0, 0, 0, 0xE8, 0x03, 0, 0]) == "1 month, 2 days, 1000 ms")
    }

    @Test func datesTimesAndTimestampsInISO8601() {
        #expect(LogicalValueText.date(days: 0) == "1970-01-01")
        #expect(LogicalValueText.date(days: -1) == "1969-12-31")
        #expect(LogicalValueText.date(days: 20528) == "2026-03-16")
        #expect(LogicalValueText.date(days: -135081) == "1600-02-29")
        #expect(LogicalValueText.date(days: 2_932_896) == "9999-12-31")
        #expect(LogicalValueText.date(days: 2_932_897) == nil)
        #expect(LogicalValueText.date(days: -719_529) == nil)
        #expect(LogicalValueText.time(3_600_000, unitsPerSecond: 1000, digits: 3) == "01:00:00.000")
        #expect(LogicalValueText.time(86_399_999_999, unitsPerSecond: 1_000_000, digits: 6) == "23:59:59.999999")
        #expect(LogicalValueText.time(86_400_000, unitsPerSecond: 1000, digits: 3) == nil)
        #expect(LogicalValueText.time(-1, unitsPerSecond: 1000, digits: 3) == nil)
        #expect(LogicalValueText.timestamp(1_773_656_497_000, unitsPerSecond: 1000, digits: 3, utc: true) == "2026-03-16T10:21:37.000Z")
        #expect(LogicalValueText.timestamp(-1, unitsPerSecond: 1000, digits: 3, utc: true) == "1969-12-31T23:59:59.999Z")
        #expect(LogicalValueText.timestamp(1_500, unitsPerSecond: 1_000_000_000, digits: 9, utc: false) == "1970-01-01T00:00:00.000001500")
        #expect(LogicalValueText.timestamp(.max, unitsPerSecond: 1000, digits: 3, utc: true) == nil)
        #expect(LogicalValueText.timestamp(.min, unitsPerSecond: 1_000_000, digits: 6, utc: true) == nil)
    }

    @Test func forbiddenCodePointsNeverReachThePage() {
        // C0 (but tab, line feed, carriage return), DEL, C1 and noncharacters become U+FFFD in text.
        // Swift refuses noncharacters in literals: they are made from their scalar values.
        func scalar(_ value: UInt32) -> String { String(Character(Unicode.Scalar(value)!)) }
        let forbidden = "a\u{0}b\u{7F}c\u{96}d" + scalar(0xFDD0) + "e" + scalar(0xFFFE) + "f" + scalar(0x1FFFF) + "g"
        #expect(HTMLText.escape(forbidden) == "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}e\u{FFFD}f\u{FFFD}g")
        #expect(HTMLText.escape("tab\tline\nreturn\r") == "tab\tline\nreturn\r")
        #expect(HTMLText.escape("é · → \u{A0} \u{FFFD} \u{10FFFD} <&>") == "é · → \u{A0} \u{FFFD} \u{10FFFD} &lt;&amp;&gt;")
        #expect(HTMLText.withoutForbiddenCodePoints("<p>a\u{85}b</p>") == "<p>a\u{FFFD}b</p>")
        // Source text (an example's JSON) keeps its meaning: the characters become JSON escapes.
        var source: [UInt8] = []
        HTMLText.appendEscapedSource("\"\u{F}\u{96}" + scalar(0x1FFFE) + "\"", to: &source)
        #expect(String(decoding: source, as: UTF8.self) == "&quot;\\u000f\\u0096\\ud83f\\udffe&quot;")
    }

    @Test func datumViewShowsEachValueAsItsTypeMeansIt() throws {
        let parsed = AvroSchemaParser().parse(#"""
        {"type": "record", "name": "R", "fields": [
          {"name": "id", "type": {"type": "string", "logicalType": "uuid"}},
          {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
          {"name": "on", "type": ["null", {"type": "int", "logicalType": "date"}]},
          {"name": "apr", "type": {"type": "bytes", "logicalType": "decimal", "precision": 5, "scale": 3}},
          {"name": "raw", "type": "bytes"},
          {"name": "note", "type": "string"},
          {"name": "tags", "type": {"type": "array", "items": "string"}}
        ]}
        """#, file: nil)
        let schema = try #require(parsed.schema)
        let value = try AvroJSONReader(schema: schema).read(try JSONParser().parse(#"""
        {"id": "ae94cd56-c1c5-50cc-9802-4132924dd395", "at": 1773656497000, "on": 20528,
         "apr": "\u000f\u0096", "raw": "\u0000A", "note": "<b>\u0085</b>", "tags": []}
        """#))
        let pretty = String(decoding: DatumView(schema: schema, layout: .pretty).html(value, schema.root), as: UTF8.self)
        #expect(pretty == """
        {
          &quot;id&quot;: &quot;ae94cd56-c1c5-50cc-9802-4132924dd395&quot;,
          &quot;at&quot;: 1773656497000,  <span class="note">// 2026-03-16T10:21:37.000Z</span>
          &quot;on&quot;: 20528,  <span class="note">// 2026-03-16</span>
          &quot;apr&quot;: 3.990,
          &quot;raw&quot;: &quot;\\x00\\x41&quot;,
          &quot;note&quot;: &quot;&lt;b&gt;\\u0085&lt;/b&gt;&quot;,
          &quot;tags&quot;: []
        }
        """)
        let inline = String(decoding: DatumView(schema: schema, layout: .inline).html(value, schema.root), as: UTF8.self)
        #expect(inline.hasPrefix("{&quot;id&quot;:&quot;ae94cd56-c1c5-50cc-9802-4132924dd395&quot;,&quot;at&quot;:1773656497000, <span class=\"note\">(2026-03-16T10:21:37.000Z)</span>"))
    }

    /// The fixture's example holds a literal U+0096 and a decimal; no page carries a control character or
    /// noncharacter, and the example shows the decimal, the hex and the raw JSON's escape.
    @Test func noPageCarriesAForbiddenCodePoint() throws {
        let site = try SiteFixture.site()
        for (path, text) in site where path.hasSuffix(".html") {
            let bad = text.unicodeScalars.first { scalar in
                let value = scalar.value
                return (value < 0x20 && value != 0x09 && value != 0x0A && value != 0x0D) || (0x7F...0x9F).contains(value)
                    || (0xFDD0...0xFDEF).contains(value) || value & 0xFFFE == 0xFFFE
            }
            #expect(bad == nil, "\(path) carries U+\(String(bad?.value ?? 0, radix: 16))")
        }
        let page = try #require(site["events/order.placed.v2.html"])
        #expect(page.contains("&quot;discount&quot;: 5.00,"))
        #expect(page.contains("\\x65\\x96&quot;"))
        #expect(page.contains("0123456789abcde\\u0096"))
    }
}
