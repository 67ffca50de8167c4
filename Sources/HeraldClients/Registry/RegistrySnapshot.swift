/// What a registry holds, read once: every live subject with its versions and modes. The input of the drift diff,
/// the push reconciliation and the pull; Codable so tests keep snapshots as JSON fixtures.
public struct RegistrySnapshot: Sendable, Hashable, Codable {
    /// The registry-wide compatibility mode (`GET /config`).
    public var globalMode: String?
    /// Sorted by name.
    public var subjects: [SubjectSnapshot]

    public init(globalMode: String?, subjects: [SubjectSnapshot]) {
        self.globalMode = globalMode
        self.subjects = subjects.sorted { $0.name < $1.name }
    }

    /// The subject with this name.
    public func subject(named name: String) -> SubjectSnapshot? { subjects.first { $0.name == name } }

    /// One version of a subject.
    public func schema(subject: String, version: Int) -> RegisteredSchema? {
        self.subject(named: subject)?.versions.first { $0.version == version }
    }
}

/// One subject: its versions in ascending order and its own compatibility setting.
public struct SubjectSnapshot: Sendable, Hashable, Codable {
    public var name: String
    /// The mode set on the subject itself; nil when it follows the registry-wide mode.
    public var mode: String?
    public var versions: [RegisteredSchema]

    public init(name: String, mode: String?, versions: [RegisteredSchema]) {
        self.name = name
        self.mode = mode
        self.versions = versions.sorted { $0.version < $1.version }
    }

    /// The mode the registry applies: the subject's own, else the registry-wide one.
    public func effectiveMode(global: String?) -> String? { mode ?? global }
}

extension RegistryClient {
    /// Reads every subject, version and mode, a few requests at a time.
    public func snapshot(parallelRequests: Int = 8) async throws(RegistryError) -> RegistrySnapshot {
        let global = try await compatibility(of: nil)
        let names = try await subjects().sorted()
        do {
            let subjects = try await withThrowingTaskGroup(of: SubjectSnapshot.self) { group in
                var results: [SubjectSnapshot] = []
                var next = names.makeIterator()
                func start(_ group: inout ThrowingTaskGroup<SubjectSnapshot, any Error>) {
                    guard let name = next.next() else { return }
                    group.addTask { try await self.subjectSnapshot(name) }
                }
                for _ in 0..<max(1, parallelRequests) { start(&group) }
                while let subject = try await group.next() {
                    results.append(subject)
                    start(&group)
                }
                return results
            }
            return RegistrySnapshot(globalMode: global, subjects: subjects)
        } catch let error as RegistryError {
            throw error
        } catch {
            throw RegistryError(.unexpectedResponse, message: "\(error)")
        }
    }

    /// One subject's versions and mode. A subject deleted while the snapshot is taken reads as having no versions.
    func subjectSnapshot(_ name: String) async throws(RegistryError) -> SubjectSnapshot {
        let numbers: [Int]
        do {
            numbers = try await versions(of: name)
        } catch where error.isNotFound {
            numbers = []
        }
        var versions: [RegisteredSchema] = []
        for number in numbers {
            do {
                versions.append(try await schema(number, of: name))
            } catch where error.isNotFound {
                continue
            }
        }
        return SubjectSnapshot(name: name, mode: try await compatibility(of: name), versions: versions)
    }
}

extension RegistryClient {
    /// A snapshot of some subjects only (those missing read as absent), with the registry-wide mode.
    public func snapshot(of names: [String]) async throws(RegistryError) -> RegistrySnapshot {
        let global = try await compatibility(of: nil)
        var subjects: [SubjectSnapshot] = []
        for name in Set(names).sorted() {
            let subject = try await subjectSnapshot(name)
            if !subject.versions.isEmpty { subjects.append(subject) }
        }
        return RegistrySnapshot(globalMode: global, subjects: subjects)
    }
}
