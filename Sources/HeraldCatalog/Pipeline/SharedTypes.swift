import HeraldAvro
import HeraldDiagnostics

/// The shared named types of types/*.avsc, ready to resolve references from event schemas.
struct SharedTypes: Sendable {
    /// Parses one schema file against the shared types.
    func parseSchema(_ source: SourceText) -> (AvroSchema?, [Diagnostic]) {
        // Filled in with the Avro schema parser.
        (nil, [])
    }
}

/// Builds `SharedTypes` from the type files.
enum SharedTypeResolver {
    static func resolve(_ files: [SourceText]) -> (SharedTypes, [Diagnostic]) {
        (SharedTypes(), [])
    }
}
