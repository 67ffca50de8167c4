import HeraldAvro
import HeraldDiagnostics

/// Changes against a base revision: published versions are immutable, events and versions are not deleted,
/// topics do not move, compatibility is not loosened without notice, and shared types stay compatible.
struct HistoryCheck: Sendable {
    func check(_ current: ResolvedCatalog, against base: ResolvedCatalog) -> [Diagnostic] {
        []
    }
}
