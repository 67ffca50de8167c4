import Foundation
import Testing

/// ../shared: reference data kept beside the repository, not in it (Apache Avro's test vectors). `HERALD_SHARED_DIR`
/// names it explicitly; otherwise it is `../shared` beside the repository, or one level further up from a git worktree.
/// A test that needs it carries `.needsShared("…")`, so without it the run lists the test as skipped, never passed;
/// with CI=true the test runs anyway and fails on the missing files (docs/testing.md).
enum SharedFolder {
    static let root: URL = {
        if let named = ProcessInfo.processInfo.environment["HERALD_SHARED_DIR"], !named.isEmpty {
            return URL(fileURLWithPath: named)
        }
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [repo.deletingLastPathComponent(), repo.deletingLastPathComponent().deletingLastPathComponent()]
            .map { $0.appendingPathComponent("shared") }
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) } ?? candidates[0]
    }()

    static let requiredByCI = ["1", "true", "yes"].contains(ProcessInfo.processInfo.environment["CI"]?.lowercased() ?? "")

    static func mustRun(_ relative: String) -> Bool {
        requiredByCI || FileManager.default.fileExists(atPath: root.appendingPathComponent(relative).path)
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs the test when `relative` exists in ../shared (or CI requires it); otherwise it is reported skipped.
    static func needsShared(_ relative: String) -> Self {
        .enabled(if: SharedFolder.mustRun(relative),
                 Comment(rawValue: "needs \(relative) in ../shared (\(SharedFolder.root.path)); set HERALD_SHARED_DIR"))
    }
}
