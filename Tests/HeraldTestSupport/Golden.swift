import Foundation
import Testing

/// Golden files: the one update switch is `HERALD_UPDATE_GOLDENS=1`. In that mode a golden check rewrites its file and
/// records a failure, so an update run is never green and the rewrite is reviewed in `git diff` (docs/testing.md).
/// Every test target with golden files depends on this one target, HeraldTestSupport.
public enum Golden {
    public static let updating = ProcessInfo.processInfo.environment["HERALD_UPDATE_GOLDENS"] == "1"

    /// Compares `actual` with the file at `url`; in update mode rewrites the file instead and fails.
    public static func check(_ actual: String, against url: URL, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        if try rewrite(Data(actual.utf8), to: url, sourceLocation: sourceLocation) { return }
        // Through a handle: FileManager.contents(atPath:) leaks 4 KiB per empty file on Linux (an empty golden
        // file is a valid expectation), which `make sanitize` would report.
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            Issue.record("golden file \(url.path) is missing (HERALD_UPDATE_GOLDENS=1 writes it)", sourceLocation: sourceLocation)
            return
        }
        defer { try? handle.close() }
        let expected = String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
        guard expected != actual else { return }
        let message = "\(url.lastPathComponent) differs from its golden file \(firstDifference(expected, actual))\n"
            + "(HERALD_UPDATE_GOLDENS=1 rewrites it; review the diff)"
        Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
    }

    /// In update mode writes `bytes` to `url`, records "golden rewritten: review the diff" and returns true.
    @discardableResult
    public static func rewrite(_ bytes: Data, to url: URL, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Bool {
        guard updating else { return false }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try bytes.write(to: url)
        recordRewrite(url, sourceLocation: sourceLocation)
        return true
    }

    /// The failure of every update-mode run, for helpers that rewrite a whole folder themselves.
    public static func recordRewrite(_ url: URL, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        Issue.record("golden rewritten: review the diff (\(url.path))", sourceLocation: sourceLocation)
    }

    public static func firstDifference(_ expected: String, _ actual: String) -> String {
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let line = zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(expectedLines.count, actualLines.count)
        let expectedLine = line < expectedLines.count ? String(expectedLines[line]) : "<end>"
        let actualLine = line < actualLines.count ? String(actualLines[line]) : "<end>"
        return "at line \(line + 1):\n expected: \(expectedLine)\n actual:   \(actualLine)"
    }
}
