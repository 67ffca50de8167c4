/// What changed under a catalog folder since the previous load, as a watcher saw it: the hand-off from the watcher to
/// the load, so that a rebuild lists and reads only the folders an edit touched.
public enum ChangedPaths: Sendable, Equatable {
    /// Anything may have changed (the first build, polling, the watcher's queue overflowed, the folder itself was
    /// replaced): every folder is listed and every file stat'ed again.
    case unknown
    /// Only these paths, relative to the catalog folder with `/` separators, changed (files or folders written,
    /// created, deleted, renamed from or to; `""` is the catalog folder itself).
    case only(Set<String>)
}
