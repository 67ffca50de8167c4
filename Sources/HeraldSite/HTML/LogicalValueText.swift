/// Avro values of logical types as people read them: decimals, ISO 8601 dates, times and timestamps, hex bytes.
enum LogicalValueText {
    /// The decimal number a `decimal` logical value holds: big-endian two's-complement unscaled digits, `scale` of
    /// them after the point (`[0x01, 0xEA]`, scale 2 → `4.90`).
    static func decimal(_ bytes: [UInt8], scale: Int) -> String {
        guard let first = bytes.first else { return scale > 0 ? "0." + String(repeating: "0", count: scale) : "0" }
        let negative = first & 0x80 != 0
        var magnitude = bytes
        if negative {
            // Two's complement: invert and add one.
            var carry = true
            for index in magnitude.indices.reversed() {
                magnitude[index] = ~magnitude[index]
                if carry {
                    let (sum, overflow) = magnitude[index].addingReportingOverflow(1)
                    magnitude[index] = sum
                    carry = overflow
                }
            }
        }
        // Base 256 to base 10 by repeated division; decimals are a few dozen bytes at most.
        var digits: [UInt8] = []
        var number = Array(magnitude.drop { $0 == 0 })
        while !number.isEmpty {
            var remainder = 0
            var quotient: [UInt8] = []
            quotient.reserveCapacity(number.count)
            for byte in number {
                let value = remainder * 256 + Int(byte)
                let digit = value / 10
                remainder = value % 10
                if !quotient.isEmpty || digit != 0 { quotient.append(UInt8(digit)) }
            }
            digits.append(UInt8(remainder))
            number = quotient
        }
        let scale = max(scale, 0)
        while digits.count <= scale { digits.append(0) }
        var text = negative ? "-" : ""
        for (offset, digit) in digits.reversed().enumerated() {
            if offset == digits.count - scale { text += "." }
            text.append(Character(Unicode.Scalar(UInt8(ascii: "0") + digit)))
        }
        return text
    }

    /// `\x0f\x96`.
    static func hex(_ bytes: [UInt8]) -> String {
        var text = ""
        text.reserveCapacity(bytes.count * 4)
        for byte in bytes { text += "\\x" + twoHex(byte) }
        return text
    }

    /// A UUID held in 16 bytes, `8-4-4-4-12` lower-case hex.
    static func uuid(_ bytes: [UInt8]) -> String {
        var text = ""
        for (offset, byte) in bytes.enumerated() {
            if [4, 6, 8, 10].contains(offset) { text += "-" }
            text += twoHex(byte)
        }
        return text
    }

    /// A `duration`: three little-endian unsigned 32-bit counts of months, days and milliseconds.
    static func duration(_ bytes: [UInt8]) -> String? {
        guard bytes.count == 12 else { return nil }
        func count(_ start: Int) -> UInt32 {
            (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[start + $1]) << (8 * UInt32($1)) }
        }
        let (months, days, milliseconds) = (count(0), count(4), count(8))
        return "\(months) \(months == 1 ? "month" : "months"), \(days) \(days == 1 ? "day" : "days"), \(milliseconds) ms"
    }

    /// `2026-03-16` for days since 1970-01-01 (proleptic Gregorian); nil outside years 0–9999.
    static func date(days: Int64) -> String? {
        guard let (year, month, day) = civil(days: days) else { return nil }
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    /// `10:21:37.000` for a time of day in units of `1 / unitsPerSecond` s; nil outside one day.
    static func time(_ value: Int64, unitsPerSecond: Int64, digits: Int) -> String? {
        guard value >= 0, value < 86_400 * unitsPerSecond else { return nil }
        return clock(seconds: value / unitsPerSecond, fraction: value % unitsPerSecond, digits: digits)
    }

    /// `2026-03-16T10:21:37.000Z` (`utc`) or without the `Z` (local timestamps); nil outside years 0–9999.
    static func timestamp(_ value: Int64, unitsPerSecond: Int64, digits: Int, utc: Bool) -> String? {
        // Floor division written without a multiplication, which would overflow near Int64.min.
        var (seconds, fraction) = value.quotientAndRemainder(dividingBy: unitsPerSecond)
        if fraction < 0 {
            seconds -= 1
            fraction += unitsPerSecond
        }
        let days = floorDivide(seconds, 86_400)
        guard let day = date(days: days) else { return nil }
        return day + "T" + clock(seconds: seconds - days * 86_400, fraction: fraction, digits: digits) + (utc ? "Z" : "")
    }

    private static func clock(seconds: Int64, fraction: Int64, digits: Int) -> String {
        pad(Int(seconds / 3600), 2) + ":" + pad(Int(seconds / 60 % 60), 2) + ":" + pad(Int(seconds % 60), 2)
            + "." + pad(Int(fraction), digits)
    }

    /// Year, month, day of a day count from 1970-01-01 (Howard Hinnant's `civil_from_days`).
    private static func civil(days: Int64) -> (Int, Int, Int)? {
        // Years 0–9999 span days -719528 ... 2932896; anything outside is not a date ISO 8601 writes plainly.
        guard days >= -719_528, days <= 2_932_896 else { return nil }
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    private static func twoHex(_ byte: UInt8) -> String {
        let hex = Array("0123456789abcdef")
        return String([hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
    }
}
