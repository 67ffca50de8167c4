/// Numbers and durations as the site prints them.
enum SiteFormatting {
    /// `1.2M/day`, `50K/day`, `300/day`.
    static func perDay(_ count: Int) -> String { compact(count) + "/day" }

    /// `1.2M`, `50K`, `300`.
    static func compact(_ count: Int) -> String {
        func scaled(_ value: Double, _ suffix: String) -> String {
            let tenths = Int((value * 10).rounded())
            return (tenths % 10 == 0 || tenths >= 1000 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)") + suffix
        }
        switch count {
        case 1_000_000_000...: return scaled(Double(count) / 1e9, "B")
        case 1_000_000...: return scaled(Double(count) / 1e6, "M")
        case 10_000...: return scaled(Double(count) / 1e3, "K")
        default: return grouped(count)
        }
    }

    /// `4,590,000`.
    static func grouped(_ count: Int) -> String {
        let digits = String(count.magnitude)
        var out = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return (count < 0 ? "-" : "") + out
    }

    /// `500ms`, `1s`, `1.5s`, `1m`, `2h`.
    static func duration(milliseconds ms: Int) -> String {
        for (unit, size) in [("h", 3_600_000), ("m", 60_000), ("s", 1000)] where ms >= size {
            if ms % size == 0 { return "\(ms / size)\(unit)" }
            if (ms * 10) % size == 0 { return "\(ms / size).\((ms * 10 / size) % 10)\(unit)" }
        }
        return "\(ms)ms"
    }

    /// `1 byte`, `37 bytes`.
    static func bytes(_ count: Int) -> String { count == 1 ? "1 byte" : "\(grouped(count)) bytes" }

    /// A URL safe to put in `href`: http, https and mailto only; nil for anything else (e.g. `javascript:`).
    static func safeURL(_ text: String) -> String? {
        let lowered = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard lowered.hasPrefix("https://") || lowered.hasPrefix("http://") || lowered.hasPrefix("mailto:") else { return nil }
        return text.trimmingCharacters(in: .whitespaces)
    }
}

import Foundation
