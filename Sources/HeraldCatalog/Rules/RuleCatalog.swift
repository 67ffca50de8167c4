import HeraldAvro
import HeraldDiagnostics

/// Every rule Herald reports, from every module's descriptor list: what `herald rules` prints and docs/catalog.md tabulates.
public enum RuleCatalog {
    /// Why a run could not start, then catalog rules, then the Avro schema, example and compatibility rules, then
    /// the drift rules of `herald registry diff`.
    public static var all: [RuleDescriptor] {
        var seen = Set<String>()
        return ([CatalogRules.couldNotRun, CatalogRules.templateInvalid] + CatalogRules.all + AvroSchemaRules.all + DatumRules.all + CompatibilityRules.all + RegistryDriftRules.all).filter { seen.insert($0.id).inserted }
    }

    /// One rule per line: ID, category, severity, purpose; aligned columns.
    public static func text(_ rules: [RuleDescriptor]) -> String {
        let idWidth = rules.map(\.id.count).max() ?? 0
        let categoryWidth = rules.map(\.category.rawValue.count).max() ?? 0
        var out = ""
        for rule in rules {
            out += rule.id.padding(toLength: idWidth, withPad: " ", startingAt: 0) + "  "
            out += rule.category.rawValue.padding(toLength: categoryWidth, withPad: " ", startingAt: 0) + "  "
            out += rule.severity.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0) + "  " + rule.purpose + "\n"
        }
        out += "\(rules.count) rules\n"
        return out
    }

    /// `{"formatVersion": 1, "rules": [{"id", "category", "severity", "purpose"}]}`, keys sorted, one rule per line.
    public static func json(_ rules: [RuleDescriptor]) -> String {
        func quote(_ s: String) -> String {
            var out = "\""
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\t": out += "\\t"
                case "\r": out += "\\r"
                default:
                    if scalar.value < 0x20 {
                        out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            return out + "\""
        }
        let lines = rules.map { rule in
            "    {\"category\": \(quote(rule.category.rawValue)), \"id\": \(quote(rule.id)), \"purpose\": \(quote(rule.purpose)), \"severity\": \(quote(rule.severity.rawValue))}"
        }
        return "{\n  \"formatVersion\": 1,\n  \"rules\": [\n" + lines.joined(separator: ",\n") + "\n  ]\n}\n"
    }

    /// A Markdown table of the rules, as docs/catalog.md embeds it.
    public static func markdown(_ rules: [RuleDescriptor]) -> String {
        var out = "| Rule | Category | Severity | Purpose |\n|---|---|---|---|\n"
        for rule in rules {
            out += "| `\(rule.id)` | \(rule.category.rawValue) | \(rule.severity.rawValue) | \(rule.purpose.replacingOccurrences(of: "|", with: "\\|")) |\n"
        }
        return out
    }
}
