/// Maps a request's raw path to a file of the site, refusing anything that could name a file outside it.
///
/// The site is a set of relative paths, so a request only ever names one of them; still, `..` and `.` segments,
/// encoded slashes, dots and backslashes (`%2F`, `%2E`, `%5C`), NUL, backslashes and empty segments are refused
/// outright rather than normalised, so no spelling of a path outside the site reaches a lookup.
public enum SitePath: Equatable, Sendable {
    /// A path relative to the site's root, such as `events/order.placed/index.html`.
    case file(String)
    /// The reason the path was refused.
    case refused(String)

    /// The site file `rawPath` (as sent, still percent-encoded, without the query) names.
    public static func resolve(_ rawPath: String) -> SitePath {
        guard rawPath.hasPrefix("/") else { return .refused("the path must start with /") }
        var segments = rawPath.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let isFolder = segments.last == ""
        if isFolder { segments.removeLast() }
        var decoded: [String] = []
        for segment in segments {
            guard !segment.isEmpty else { return .refused("empty path segment") }
            guard let plain = percentDecoded(segment) else { return .refused("malformed percent-encoding") }
            let lowered = segment.lowercased()
            if lowered.contains("%2f") || lowered.contains("%5c") { return .refused("encoded slash") }
            if lowered.contains("%2e") { return .refused("encoded dot") }
            if plain == "." || plain == ".." { return .refused("dot segment") }
            if plain.contains("\\") || plain.contains("\0") { return .refused("backslash or NUL in the path") }
            decoded.append(plain)
        }
        if isFolder || decoded.isEmpty { decoded.append("index.html") }
        return .file(decoded.joined(separator: "/"))
    }

    /// `segment` with its `%XX` escapes decoded as UTF-8; nil when an escape or the bytes are malformed.
    static func percentDecoded(_ segment: String) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(segment.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
