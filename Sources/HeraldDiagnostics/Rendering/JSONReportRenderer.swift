/// Renders a report as the design note's JSON contract (`formatVersion` 1): sorted keys, null keys left out, pretty-printed.
public struct JSONReportRenderer: Sendable {
    /// The contract version written as `formatVersion`.
    public static let formatVersion = 1

    public init() {}

    /// The JSON text, ending with a newline.
    public func render(_ report: DiagnosticReport) -> String {
        var summary: [(String, JSONText)] = [
            ("errors", .int(report.summary.errors)),
            ("warnings", .int(report.summary.warnings)),
        ]
        if let events = report.summary.events { summary.append(("events", .int(events))) }
        if let versions = report.summary.versions { summary.append(("versions", .int(versions))) }
        if let examples = report.summary.examples { summary.append(("examples", .int(examples))) }
        let document = JSONText.object([
            ("formatVersion", .int(Self.formatVersion)),
            ("ok", .bool(report.ok)),
            ("diagnostics", .array(report.diagnostics.map(Self.object(for:)))),
            ("summary", .object(summary)),
        ])
        var out = ""
        document.write(to: &out, indent: 0)
        return out + "\n"
    }

    static func object(for diagnostic: Diagnostic) -> JSONText {
        var members: [(String, JSONText)] = [
            ("rule", .string(diagnostic.rule)),
            ("category", .string(diagnostic.category.rawValue)),
            ("severity", .string(diagnostic.severity.rawValue)),
            ("message", .string(diagnostic.message)),
        ]
        if let hint = diagnostic.hint { members.append(("hint", .string(hint))) }
        if let location = diagnostic.location {
            if let file = location.file { members.append(("file", .string(file))) }
            if location.line > 0 { members.append(("line", .int(location.line))) }
            if location.column > 0 { members.append(("column", .int(location.column))) }
        }
        if let pointer = diagnostic.pointer { members.append(("pointer", .string(pointer))) }
        if let event = diagnostic.event { members.append(("event", .string(event))) }
        if let impact = diagnostic.impact {
            var fields: [(String, JSONText)] = [
                ("consumers", .array(impact.consumers.map(JSONText.string))),
                ("teams", .array(impact.teams.map(JSONText.string))),
            ]
            if let volume = impact.volumePerDay { fields.append(("volumePerDay", .int(volume))) }
            members.append(("impact", .object(fields)))
        }
        return .object(members)
    }
}

/// A minimal JSON value for writing: objects are written with their keys sorted, so output never depends on insertion order.
enum JSONText {
    case string(String)
    case int(Int)
    case bool(Bool)
    case array([JSONText])
    case object([(String, JSONText)])

    func write(to out: inout String, indent: Int) {
        switch self {
        case .string(let s): Self.quote(s, into: &out)
        case .int(let n): out += String(n)
        case .bool(let b): out += b ? "true" : "false"
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += String(repeating: "  ", count: indent + 1)
                item.write(to: &out, indent: indent + 1)
                out += i == items.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: "  ", count: indent) + "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            let sorted = members.sorted { $0.0 < $1.0 }
            out += "{\n"
            for (i, member) in sorted.enumerated() {
                out += String(repeating: "  ", count: indent + 1)
                Self.quote(member.0, into: &out)
                out += ": "
                member.1.write(to: &out, indent: indent + 1)
                out += i == sorted.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: "  ", count: indent) + "}"
        }
    }

    static func quote(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
