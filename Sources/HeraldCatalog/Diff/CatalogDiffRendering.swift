import Foundation
import HeraldAvro
import HeraldDiagnostics

/// The output formats of `herald diff`.
public enum CatalogDiffFormat: String, Sendable, Hashable, CaseIterable {
    /// For a terminal.
    case text
    /// GitHub-flavoured Markdown, to post as a pull-request comment or a CI job summary.
    case markdown
    /// `formatVersion` 1, for tools.
    case json
}

extension CatalogDiff {
    /// The diff in `format`, ending with a newline.
    public func render(_ format: CatalogDiffFormat) -> String {
        switch format {
        case .text: CatalogDiffText.render(self)
        case .markdown: CatalogDiffMarkdown.render(self)
        case .json: CatalogDiffJSON.render(self)
        }
    }

    var breakingCount: Int { events.filter { !$0.isCompatible }.count }

    static let rewrittenNote = "published, and its canonical form changed (PUBLISHED_VERSION_CHANGED: add the change as a new version)"
}

extension CatalogDiff.EventDiff {
    var modeName: String { mode?.rawValue ?? "unknown mode" }

    /// `v1`, `v1–v3` or `no valid version`.
    var versionsText: String {
        guard let latestVersion else { return "no valid version" }
        return latestVersion == 1 ? "v1" : "v1–v\(latestVersion)"
    }
}

extension SchemaChange.Kind {
    /// `+`, `-`, `~` or `#` before a change in text output.
    var sign: String {
        switch self {
        case .added: "+"
        case .removed: "-"
        case .changed: "~"
        case .doc: "#"
        }
    }
}

extension VersionDiff {
    /// `Compatible under BACKWARD.`, `Breaks readers under FULL.`, `Not checked: the event's mode is NONE.`
    var verdictSentence: String {
        if mode == .none { return "not checked: the event's mode is NONE" }
        return isCompatible ? "compatible under \(mode.rawValue)" : "breaks readers under \(mode.rawValue)"
    }
}

extension VersionDiff.Change {
    /// The change's words, naming a promotion as one.
    var detail: String { isPromotion ? change.detail + " (promotion)" : change.detail }
}

extension VersionDiff.Break {
    /// `READER_FIELD_MISSING_DEFAULT_VALUE (backward, against v1): …`
    var sentence: String { "\(type.rawValue) (\(direction.rawValue), against v\(olderVersion)): \(explanation)" }
}

extension Impact {
    /// `consumers crm, pricing; teams crm-team; 5000 events/day`, or nil when nothing is known.
    var sentence: String? {
        var parts: [String] = []
        if !consumers.isEmpty { parts.append("consumers " + consumers.joined(separator: ", ")) }
        if !teams.isEmpty { parts.append("teams " + teams.joined(separator: ", ")) }
        if let volumePerDay { parts.append("\(volumePerDay) events/day") }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}

enum CatalogDiffText {
    static func render(_ diff: CatalogDiff) -> String {
        guard !diff.events.isEmpty else { return "No schema changes against \(diff.base).\n" }
        var out = ""
        for event in diff.events {
            out += "\(event.name) (\(event.status.rawValue), \(event.modeName))\n"
            switch event.status {
            case .removed:
                out += "  removed; it had \(event.versionsText)\n"
            case .added where event.versions.isEmpty && event.unparsed.isEmpty:
                out += "  new event with \(event.latestVersion.map { "v\($0)" } ?? "no valid version")\n"
            default:
                break
            }
            for version in event.versions {
                out += "  \(version.olderLabel) → \(version.newerLabel): \(version.verdictSentence)\n"
                if version.changes.isEmpty { out += "    no semantic change\n" }
                for item in version.changes {
                    out += "    \(item.change.kind.sign) \(item.change.path): \(item.detail)\n"
                    for problem in item.breaks { out += "        breaks: \(problem.sentence)\n" }
                }
                for problem in version.otherBreaks { out += "    ! \(problem.path): \(problem.sentence)\n" }
            }
            for number in event.rewritten { out += "  v\(number): \(CatalogDiff.rewrittenNote)\n" }
            for number in event.unparsed { out += "  v\(number): does not parse; run herald check\n" }
            if !event.isCompatible, let impact = event.impact.sentence { out += "  blast radius: \(impact)\n" }
        }
        let breaking = diff.breakingCount
        out += "\(diff.events.count) event\(diff.events.count == 1 ? "" : "s") changed against \(diff.base), \(breaking) breaking\n"
        return out
    }
}

enum CatalogDiffMarkdown {
    static func render(_ diff: CatalogDiff) -> String {
        var out = "## Schema changes against `\(code(diff.base))`\n\n"
        guard !diff.events.isEmpty else { return out + "No schema changes.\n" }
        out += "| Event | Change | Mode | Verdict |\n|---|---|---|---|\n"
        for event in diff.events {
            let change = switch event.status {
            case .added: "new event"
            case .removed: "removed"
            case .changed: event.versions.map { "\($0.olderLabel) → \($0.newerLabel)" }.joined(separator: ", ")
            }
            out += "| `\(code(event.name))` | \(cell(change.isEmpty ? "—" : change)) | \(event.modeName) | \(event.isCompatible ? "compatible" : "**breaking**") |\n"
        }
        for event in diff.events {
            out += "\n### `\(code(event.name))`\n\n"
            switch event.status {
            case .removed:
                out += "Removed from the catalog; it had \(event.versionsText).\n"
            case .added where event.versions.isEmpty && event.unparsed.isEmpty:
                out += "New event with \(event.latestVersion.map { "v\($0)" } ?? "no valid version").\n"
            default:
                break
            }
            for (offset, version) in event.versions.enumerated() {
                if offset > 0 || event.status == .removed { out += "\n" }
                out += "**\(version.olderLabel) → \(version.newerLabel)**: \(version.verdictSentence).\n\n"
                if version.changes.isEmpty {
                    out += "No semantic change.\n"
                } else {
                    out += "| | Where | Change | Verdict |\n|---|---|---|---|\n"
                    for item in version.changes {
                        let verdict = item.isCompatible ? "compatible"
                            : "**breaks**: " + item.breaks.map(\.sentence).joined(separator: "<br>")
                        out += "| \(item.change.kind.rawValue) | `\(code(item.change.path))` | \(cell(item.detail)) | \(cell(verdict)) |\n"
                    }
                }
                if !version.otherBreaks.isEmpty {
                    out += "\nAlso:\n"
                    for problem in version.otherBreaks { out += "- `\(code(problem.path))`: \(cell(problem.sentence))\n" }
                }
            }
            for number in event.rewritten { out += "\nv\(number): \(CatalogDiff.rewrittenNote).\n" }
            if !event.unparsed.isEmpty {
                out += "\n" + event.unparsed.map { "v\($0)" }.joined(separator: ", ") + " does not parse; run `herald check`.\n"
            }
            if !event.isCompatible, let impact = event.impact.sentence {
                out += "\n**Blast radius:** \(impact).\n"
            }
        }
        return out
    }

    /// Text for a table cell: pipes escaped, lines joined.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    /// Text inside backticks: a backtick would end the code span.
    static func code(_ text: String) -> String {
        text.replacingOccurrences(of: "`", with: "'")
    }
}

enum CatalogDiffJSON {
    static func render(_ diff: CatalogDiff) -> String {
        let document = JSONValue.object(JSONObject([
            ("formatVersion", .number(JSONNumber(1))),
            ("base", .string(diff.base)),
            ("events", .array(diff.events.map(event))),
            ("summary", .object(JSONObject([
                ("events", .number(JSONNumber(diff.events.count))),
                ("breaking", .number(JSONNumber(diff.breakingCount))),
            ]))),
        ]))
        return JSONWriter(style: .pretty).write(document) + "\n"
    }

    static func event(_ event: CatalogDiff.EventDiff) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("name", .string(event.name)),
            ("status", .string(event.status.rawValue)),
            ("mode", event.mode.map { .string($0.rawValue) } ?? .null),
            ("compatible", .bool(event.isCompatible)),
            ("versions", .array(event.versions.map(version))),
            ("unparsedVersions", .array(event.unparsed.map { .number(JSONNumber($0)) })),
            ("rewrittenVersions", .array(event.rewritten.map { .number(JSONNumber($0)) })),
        ]
        if let latest = event.latestVersion { members.append(("latestVersion", .number(JSONNumber(latest)))) }
        members.append(("impact", .object(JSONObject([
            ("consumers", .array(event.impact.consumers.map(JSONValue.string))),
            ("teams", .array(event.impact.teams.map(JSONValue.string))),
            ("volumePerDay", event.impact.volumePerDay.map { .number(JSONNumber($0)) } ?? .null),
        ]))))
        return .object(JSONObject(members))
    }

    static func version(_ version: VersionDiff) -> JSONValue {
        .object(JSONObject([
            ("from", .string(version.olderLabel)),
            ("to", .string(version.newerLabel)),
            ("compatible", .bool(version.isCompatible)),
            ("changes", .array(version.changes.map { item in
                .object(JSONObject([
                    ("kind", .string(item.change.kind.rawValue)),
                    ("path", .string(item.change.path)),
                    ("detail", .string(item.change.detail)),
                    ("promotion", .bool(item.isPromotion)),
                    ("compatible", .bool(item.isCompatible)),
                    ("breaks", .array(item.breaks.map(problem))),
                ]))
            })),
            ("otherBreaks", .array(version.otherBreaks.map(problem))),
        ]))
    }

    static func problem(_ problem: VersionDiff.Break) -> JSONValue {
        .object(JSONObject([
            ("type", .string(problem.type.rawValue)),
            ("direction", .string(problem.direction.rawValue)),
            ("against", .string("v\(problem.olderVersion)")),
            ("path", .string(problem.path)),
            ("explanation", .string(problem.explanation)),
            ("hint", .string(problem.hint)),
        ]))
    }
}
