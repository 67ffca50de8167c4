import Foundation
import CHeraldBuildInfo

/// What `herald --version` prints: the VERSION file's number and, in release tarballs, the commit.
enum BuildInfo {
    static let version = String(cString: herald_build_version()).trimmingCharacters(in: .whitespacesAndNewlines)
    static let commit = String(cString: herald_build_commit())

    /// `0.1.0 (commit 1a2b3c4d5e6f)`, or `0.1.0 (commit unknown)` for a build outside `make dist`.
    static var description: String {
        "\(version) (commit \(commit.isEmpty ? "unknown" : commit))"
    }
}
