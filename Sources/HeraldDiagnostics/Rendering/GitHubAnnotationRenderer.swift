/// Renders a report as GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=RULE::message`), one per line.
public struct GitHubAnnotationRenderer: Sendable {
    public init() {}

    /// One workflow command per diagnostic; the hint follows the message on a new (escaped) line.
    public func render(_ report: DiagnosticReport) -> String {
        var out = ""
        for diagnostic in report.diagnostics {
            out += command(for: diagnostic) + "\n"
        }
        return out
    }

    func command(for diagnostic: Diagnostic) -> String {
        let kind = switch diagnostic.severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "notice"
        }
        var properties: [String] = []
        if let location = diagnostic.location {
            if let file = location.file { properties.append("file=" + Self.escapeProperty(file)) }
            if location.line > 0 { properties.append("line=\(location.line)") }
            if location.column > 0 { properties.append("col=\(location.column)") }
        }
        properties.append("title=" + Self.escapeProperty(diagnostic.rule))
        var message = diagnostic.message
        if let pointer = diagnostic.pointer, diagnostic.location?.line ?? 0 == 0 { message += " (at \(pointer))" }
        if let hint = diagnostic.hint, !hint.isEmpty { message += "\nhint: " + hint }
        return "::" + kind + " " + properties.joined(separator: ",") + "::" + Self.escapeData(message)
    }

    /// Escaping of a command's message, as the runner expects it.
    static func escapeData(_ text: String) -> String {
        var out = ""
        for ch in text.unicodeScalars {
            switch ch {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// Escaping of a property value, where `:` and `,` are separators too.
    static func escapeProperty(_ text: String) -> String {
        var out = ""
        for ch in escapeData(text).unicodeScalars {
            switch ch {
            case ":": out += "%3A"
            case ",": out += "%2C"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
