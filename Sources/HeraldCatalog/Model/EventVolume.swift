/// Event traffic as the catalog states it (`50000/day`, `~50K/day`, `2M/day`, `30/s`, `1.5K/h`), normalised per day.
public struct EventVolume: Sendable, Hashable {
    /// Events per day, rounded to the nearest integer.
    public var perDay: Int
    /// The text as written.
    public var text: String
    /// Written with `~`: an estimate.
    public var isApproximate: Bool

    public init(perDay: Int, text: String, isApproximate: Bool) {
        self.perDay = perDay
        self.text = text
        self.isApproximate = isApproximate
    }

    /// Why a volume text was refused.
    public enum ParseError: Error, Sendable, Hashable {
        case empty
        case missingUnit
        case badNumber(String)
        case unknownUnit(String)
        case tooLarge
    }

    /// Seconds per unit, by the spellings accepted after the slash.
    static let units: [String: Double] = [
        "s": 1, "sec": 1, "second": 1,
        "min": 60, "minute": 60,
        "h": 3600, "hr": 3600, "hour": 3600,
        "d": 86400, "day": 86400,
        "w": 604_800, "week": 604_800,
    ]

    /// Parses `[~]NUMBER[K|M|B]/UNIT`; spaces, `_` and `,` inside the number are ignored.
    public static func parse(_ text: String) -> Result<EventVolume, ParseError> {
        var body = Substring(text.trimmingSpaces)
        guard !body.isEmpty else { return .failure(.empty) }
        var approximate = false
        if body.first == "~" {
            approximate = true
            body = body.dropFirst()
        }
        let parts = body.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return .failure(.missingUnit) }
        var number = parts[0].filter { $0 != " " && $0 != "_" && $0 != "," }
        let unit = parts[1].trimmingSpaces.lowercased()
        var multiplier = 1.0
        switch number.last {
        case "k", "K": multiplier = 1e3
        case "M": multiplier = 1e6
        case "B", "G": multiplier = 1e9
        default: break
        }
        if multiplier != 1 { number.removeLast() }
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              let value = Double(number), value.isFinite, value >= 0
        else { return .failure(.badNumber(String(parts[0]))) }
        let unitKey = unit.hasSuffix("s") && unit.count > 2 ? String(unit.dropLast()) : unit
        guard let seconds = units[unitKey] else { return .failure(.unknownUnit(unit)) }
        let perDay = (value * multiplier * 86400 / seconds).rounded()
        guard perDay < 1e15 else { return .failure(.tooLarge) }
        return .success(EventVolume(perDay: Int(perDay), text: text, isApproximate: approximate))
    }
}

extension EventVolume.ParseError {
    /// A sentence for diagnostics.
    var explanation: String {
        switch self {
        case .empty: "is empty"
        case .missingUnit: "needs a rate such as '/day' or '/s'"
        case .badNumber(let text): "has no valid number in '\(text)'"
        case .unknownUnit(let unit): "has an unknown time unit '\(unit)' (use s, min, h, day or week)"
        case .tooLarge: "is larger than Herald can count"
        }
    }
}
