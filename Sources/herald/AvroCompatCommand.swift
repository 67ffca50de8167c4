import ArgumentParser
import Foundation
import HeraldAvro
import HeraldDiagnostics

/// `herald avro compat --mode MODE OLDEST.avsc … NEWEST.avsc`: replays a version history as a registry would see it.
struct AvroCompatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compat",
        abstract: "Checks schema versions for compatibility under a registry mode (exit 0 compatible, 1 incompatible, 2 unusable input).",
        discussion: """
        Each version from the second on is checked against the earlier ones as Confluent Schema Registry would check \
        it when registered (BACKWARD: new reads old; FORWARD: old reads new; FULL: both; *_TRANSITIVE: against every \
        earlier version). With --only-newest, only the last file is checked against the ones before it.
        """)

    @Option(help: "NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL or FULL_TRANSITIVE (any case).")
    var mode: String

    @Option(help: "Output format: text, json, github, junit or markdown.")
    var format: String = "text"

    @Option(help: "A folder of shared named types (*.avsc) the schemas may reference by full name.")
    var types: String?

    @Flag(help: "Check only the newest version against the earlier ones, as registering it would.")
    var onlyNewest = false

    @Flag(help: "Colour text output.")
    var color = false

    @Argument(help: "Schema files, oldest first.")
    var files: [String]

    func run() throws {
        guard let mode = CompatibilityMode(parsing: mode) else {
            throw Self.usage("unknown mode '\(self.mode)'; expected one of \(CompatibilityMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let format = ReportFormat(rawValue: format.lowercased()) else {
            throw Self.usage("unknown format '\(self.format)'; expected text, json, github, junit or markdown")
        }
        guard !files.isEmpty else { throw Self.usage("give at least one schema file") }
        try InputFile.requireStandardInputOnce(files)

        let loaded = SchemaFileLoader().load(files: files, typesDirectory: types)
        guard let schemas = loaded.schemas else {
            Self.emit(format.render(DiagnosticReport(diagnostics: loaded.diagnostics, versions: files.count), colour: color))
            throw ExitCode(2)
        }
        let report = CompatibilityReport.build(mode: mode, files: files, schemas: schemas, onlyNewest: onlyNewest)
        Self.emit(format.render(report, colour: color))
        if !report.ok { throw ExitCode(1) }
    }

    static func usage(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        return ExitCode(2)
    }

    static func emit(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

/// Turns the verdicts over a list of schema files into a diagnostic report.
enum CompatibilityReport {
    static func build(mode: CompatibilityMode, files: [String], schemas: [AvroSchema], onlyNewest: Bool) -> DiagnosticReport {
        let versions = schemas.enumerated().map { VersionedSchema(version: $0.offset + 1, schema: $0.element) }
        let verdicts: [CompatibilityVerdict]
        if onlyNewest, let newest = versions.last {
            verdicts = [CompatibilityChecker.check(mode: mode, new: newest, previous: Array(versions.dropLast()))]
        } else {
            verdicts = CompatibilityChecker.checkHistory(mode: mode, versions: versions)
        }
        var bySchema: [Int: AvroSchema] = [:], byFile: [Int: String] = [:]
        for version in versions {
            bySchema[version.version] = version.schema
            byFile[version.version] = files[version.version - 1]
        }
        let diagnostics = verdicts.flatMap { $0.diagnostics(schemas: bySchema, files: byFile) }
        return DiagnosticReport(diagnostics: diagnostics, versions: files.count)
    }
}
