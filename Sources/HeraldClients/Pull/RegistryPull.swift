import Foundation
import HeraldAvro
import HeraldCatalog

/// A catalog folder made from a registry: the files to write and what was left out.
public struct PulledCatalog: Sendable, Hashable {
    /// Sorted by path.
    public var files: [EmittedFile]
    /// Subjects not turned into catalog files, with the reason; sorted.
    public var skipped: [String]
    /// Events written.
    public var events: Int
    /// Shared types written.
    public var types: Int
}

/// `herald registry pull` as a function: a registry snapshot → catalog files. One event per `<topic>-value` subject
/// with all its live versions, the `<topic>-key` subject as its key, every subject the schemas reference as a shared
/// type in types/, each event's mode in its event.yaml. What only a person knows (owner, producer, consumers) is
/// left out, so `herald check` on the result says what to fill in.
public struct RegistryPull: Sendable {
    /// The registry's URL as catalog.yaml and the file comments name it (never with credentials).
    public var registryURL: String

    public init(registryURL: String) { self.registryURL = registryURL }

    public func pull(_ snapshot: RegistrySnapshot) -> PulledCatalog {
        var files: [EmittedFile] = []
        var skipped: [String] = []
        let global = snapshot.globalMode.flatMap { CompatibilityMode(parsing: $0)?.rawValue } ?? "BACKWARD"

        // Shared types: every subject a value or key schema references, directly or through another reference.
        var referenced: [String: (name: String, version: Int)] = [:]
        var pending: [SchemaReference] = snapshot.subjects
            .filter { SubjectNaming.topic(ofValueSubject: $0.name) != nil || SubjectNaming.topic(ofKeySubject: $0.name) != nil }
            .flatMap { $0.versions.flatMap(\.references) }
        while let reference = pending.popLast() {
            if let known = referenced[reference.subject], known.version >= reference.version { continue }
            referenced[reference.subject] = (reference.name, reference.version)
            pending += snapshot.schema(subject: reference.subject, version: reference.version)?.references ?? []
        }
        var typeFiles: Set<String> = []
        for subject in referenced.keys.sorted() {
            guard let entry = referenced[subject], let schema = snapshot.schema(subject: subject, version: entry.version) else {
                skipped.append("\(subject): referenced, but the registry has no such version")
                continue
            }
            let short = entry.name.split(separator: ".").last.map(String.init) ?? entry.name
            var file = "types/\(Self.fileSafe(short)).avsc"
            if typeFiles.contains(file) { file = "types/\(Self.fileSafe(entry.name)).avsc" }
            typeFiles.insert(file)
            files.append(EmittedFile(path: file, text: Self.pretty(schema.schema)))
            let versions = snapshot.subject(named: subject)?.versions.count ?? 1
            if versions > 1, entry.version != snapshot.subject(named: subject)?.versions.last?.version {
                skipped.append("\(subject): \(file) is version \(entry.version), the newest one referenced; the subject's later versions are referenced by nothing")
            }
        }

        // Events.
        var names: Set<String> = []
        var events = 0
        for subject in snapshot.subjects {
            guard let topic = SubjectNaming.topic(ofValueSubject: subject.name) else {
                if referenced[subject.name] == nil, SubjectNaming.topic(ofKeySubject: subject.name) == nil, !subject.versions.isEmpty {
                    skipped.append("\(subject.name): neither a <topic>-value or <topic>-key subject nor referenced by one")
                }
                continue
            }
            guard !subject.versions.isEmpty else { continue }
            if let other = subject.versions.first(where: { !$0.isAvro }) {
                skipped.append("\(subject.name): version \(other.version) is a \(other.schemaType) schema; Herald's catalog holds Avro")
                continue
            }
            var name = Self.eventName(topic: topic)
            var suffix = 2
            while names.contains(name) { name = Self.eventName(topic: topic) + "-\(suffix)"; suffix += 1 }
            names.insert(name)
            let folder = Self.folder(for: name)
            for (index, version) in subject.versions.enumerated() {
                files.append(EmittedFile(path: "\(folder)/v\(index + 1).avsc", text: Self.pretty(version.schema)))
            }
            var key: String?
            let keySubject = snapshot.subject(named: SubjectNaming.key(topic: topic))
            if let latest = keySubject?.versions.last {
                if !latest.isAvro {
                    skipped.append("\(latest.subject): a \(latest.schemaType) key; the event's key is left for you to describe")
                } else if let primitive = Self.primitive(latest.schema) {
                    key = "{ type: \(primitive) }"
                } else {
                    files.append(EmittedFile(path: "\(folder)/key.avsc", text: Self.pretty(latest.schema)))
                    key = "{ schema: key.avsc }"
                    if (keySubject?.versions.count ?? 0) > 1 {
                        skipped.append("\(latest.subject): key.avsc is its latest version \(latest.version); a catalog keeps one key schema")
                    }
                }
            }
            let mode = subject.effectiveMode(global: snapshot.globalMode).flatMap { CompatibilityMode(parsing: $0)?.rawValue } ?? global
            files.append(EmittedFile(path: "\(folder)/event.yaml", text: eventYAML(
                subject: subject, name: name, topic: topic, mode: mode == global ? nil : mode, key: key)))
            events += 1
        }
        for subject in snapshot.subjects {
            guard let topic = SubjectNaming.topic(ofKeySubject: subject.name), !subject.versions.isEmpty else { continue }
            if snapshot.subject(named: SubjectNaming.value(topic: topic)).map({ $0.versions.isEmpty }) ?? true {
                skipped.append("\(subject.name): a key without a \(SubjectNaming.value(topic: topic)) subject")
            }
        }
        files.append(EmittedFile(path: "catalog.yaml", text: catalogYAML(defaultMode: global)))
        return PulledCatalog(files: files.sorted { $0.path < $1.path }, skipped: skipped.sorted(), events: events, types: typeFiles.count)
    }

    func eventYAML(subject: SubjectSnapshot, name: String, topic: String, mode: String?, key: String?) -> String {
        let versions = subject.versions.map { "\($0.version) (ID \($0.id))" }.joined(separator: ", ")
        var text = "# Pulled from the schema registry at \(registryURL): subject \(subject.name), versions \(versions).\n"
        text += "# Only a person knows the rest: add owner (a team), producer (a service) and consumers; herald check lists what is missing.\n"
        if let doc = subject.versions.last.flatMap({ Self.recordDoc($0.schema) }) {
            text += "summary: \(JSONWriter.quoted(doc))\n"
        }
        if topic != name { text += "topic: \(JSONWriter.quoted(topic))\n" }
        if let mode { text += "compatibility: \(mode)\n" }
        if let key { text += "key: \(key)\n" }
        return text
    }

    func catalogYAML(defaultMode: String) -> String {
        """
        # Pulled from the schema registry at \(registryURL) by herald registry pull.
        # Declare the teams and services that own, produce and consume these events; herald check lists what is missing.
        title: \(JSONWriter.quoted("Schema registry at \(registryURL)"))
        registry: { url: \(JSONWriter.quoted(registryURL)), vendor: confluent }
        defaults:
          compatibility: \(defaultMode)
        teams: {}
        services: {}

        """
    }

    /// A catalog event name from a topic: lowercase, characters outside [a-z0-9._-] as `-`.
    static func eventName(topic: String) -> String {
        var name = ""
        for scalar in topic.lowercased().unicodeScalars {
            switch scalar {
            case "a"..."z", "0"..."9", ".", "_", "-": name.unicodeScalars.append(scalar)
            default: name += "-"
            }
        }
        return name.isEmpty ? "event" : name
    }

    /// `<first part>/<name>` for a dotted name (a folder per domain, as catalogs are laid out), else `<name>`.
    static func folder(for name: String) -> String {
        let parts = name.split(separator: ".", omittingEmptySubsequences: true)
        guard parts.count >= 2, let domain = parts.first, domain != "types" else { return fileSafe(name) }
        return fileSafe(String(domain)) + "/" + fileSafe(name)
    }

    /// A path component: no `/`, never `.` or `..`, never empty.
    static func fileSafe(_ text: String) -> String {
        let cleaned = String(text.map { $0 == "/" || $0 == "\\" || $0 == "\0" ? "-" : $0 })
        return cleaned.isEmpty || cleaned == "." || cleaned == ".." ? "_" + cleaned : cleaned
    }

    /// The schema as two-space indented JSON (registries often hold it on one line); as given when it is not JSON.
    static func pretty(_ schema: String) -> String {
        guard let node = try? JSONParser().parse(schema) else { return schema.hasSuffix("\n") ? schema : schema + "\n" }
        return JSONWriter(style: .pretty).write(node.plain) + "\n"
    }

    /// The primitive type name of a schema that is only a primitive (`"string"`, `{"type": "long"}`), else nil.
    static func primitive(_ schema: String) -> String? {
        let primitives: Set<String> = ["null", "boolean", "int", "long", "float", "double", "bytes", "string"]
        guard let node = try? JSONParser().parse(schema) else { return nil }
        switch node.plain {
        case .string(let name) where primitives.contains(name): return name
        case .object(let object):
            guard object.count == 1, case .string(let name)? = object["type"], primitives.contains(name) else { return nil }
            return name
        default: return nil
        }
    }

    /// The first line of the top-level record's doc, for the event's summary.
    static func recordDoc(_ schema: String) -> String? {
        guard let node = try? JSONParser().parse(schema), case .object(let object) = node.plain,
              case .string(let doc)? = object["doc"] else { return nil }
        let line = doc.split(separator: "\n").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        return line.isEmpty ? nil : line
    }
}
