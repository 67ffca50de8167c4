import Foundation
import HeraldCatalog
import Testing
@testable import HeraldClients

/// The fixture catalog, golden files, and registry snapshots made from a plan as a registry that took every
/// registration in order would hold them.
enum Fixtures {
    static let resources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources")

    /// The fixture catalog under Resources/catalog, checked with every schema kept; display root `catalog`.
    static func catalog() throws -> ResolvedCatalog {
        let files = try DirectoryCatalogSource(directory: resources.appendingPathComponent("catalog"), displayRoot: "catalog").load()
        let result = CatalogChecker(keepsCatalog: true).check(files)
        #expect(result.ok, "\(result.diagnostics.map(\.message))")
        return try #require(result.catalog)
    }

    static func plan() throws -> PushPlan { PushPlanner().plan(try catalog()) }

    /// Compares with Resources/golden/NAME; HERALD_RECORD_GOLDEN=1 rewrites the file.
    static func compare(_ actual: String, golden name: String) throws {
        let file = resources.appendingPathComponent("golden").appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["HERALD_RECORD_GOLDEN"] != nil {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: file)
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(actual == expected, "\(name) differs from the golden file")
    }

    /// What a registry holds after registering every step of the plan in order, with IDs counted from `firstID`
    /// and each event subject's mode set as planned.
    static func registered(_ plan: PushPlan, globalMode: String = "BACKWARD", firstID: Int = 1) -> RegistrySnapshot {
        var subjects: [String: SubjectSnapshot] = [:]
        var nextID = firstID
        for subject in plan.subjects {
            var versions: [RegisteredSchema] = []
            for schema in subject.versions {
                let references = schema.references.map { reference in
                    SchemaReference(name: reference.name, subject: reference.subject,
                                    version: subjects[reference.subject]?.versions.last?.version ?? 0)
                }
                versions.append(RegisteredSchema(subject: subject.subject, version: versions.count + 1, id: nextID,
                                                 schema: schema.schema, references: references))
                nextID += 1
            }
            subjects[subject.subject] = SubjectSnapshot(name: subject.subject, mode: subject.mode, versions: versions)
        }
        return RegistrySnapshot(globalMode: globalMode, subjects: Array(subjects.values))
    }

    /// The snapshot with one subject changed.
    static func changing(_ snapshot: RegistrySnapshot, _ name: String, _ change: (inout SubjectSnapshot) -> Void) -> RegistrySnapshot {
        var subjects = snapshot.subjects
        if let index = subjects.firstIndex(where: { $0.name == name }) { change(&subjects[index]) }
        return RegistrySnapshot(globalMode: snapshot.globalMode, subjects: subjects)
    }
}
