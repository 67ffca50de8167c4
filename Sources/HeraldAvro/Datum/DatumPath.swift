/// A location inside a datum, printed JSONPath-style: `$.lines[2].price.amount`, `$.attributes["color"]`.
public enum DatumPath {
    /// One step from a value to a child.
    public enum Component: Sendable, Hashable {
        case field(String)
        case index(Int)
        case key(String)
    }

    /// Renders components from the root, e.g. `$.lines[2].price`.
    public static func render<Components: Sequence<Component>>(_ components: Components) -> String {
        var text = "$"
        for component in components {
            switch component {
            case .field(let name):
                if isPlainIdentifier(name) { text += "." + shortened(name) } else { text += "[" + quoted(name) + "]" }
            case .index(let i): text += "[\(i)]"
            case .key(let key): text += "[" + quoted(key) + "]"
            }
        }
        return text
    }

    static func isPlainIdentifier(_ name: String) -> Bool {
        guard let first = name.utf8.first, first == UInt8(ascii: "_") || (first | 0x20 >= UInt8(ascii: "a") && first | 0x20 <= UInt8(ascii: "z")) else { return false }
        return name.utf8.allSatisfy { b in
            b == UInt8(ascii: "_") || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || (b | 0x20 >= UInt8(ascii: "a") && b | 0x20 <= UInt8(ascii: "z"))
        }
    }

    /// A name or key as messages show it: long ones cut to their first characters, so a hostile key of megabytes
    /// does not become a message of megabytes.
    public static func shortened(_ name: String) -> String {
        let limit = 64
        guard name.unicodeScalars.count > limit else { return name }
        return String(String.UnicodeScalarView(name.unicodeScalars.prefix(48))) + "…"
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in shortened(text).unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default:
                if scalar.value < 0x20 { out += "\\u" + String(scalar.value, radix: 16).leftPadded(to: 4) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
