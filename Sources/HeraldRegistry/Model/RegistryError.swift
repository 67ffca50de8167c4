/// A refused registry request: Confluent's `error_code` and message. The HTTP status is the code's first three digits
/// (40401 → 404), or the code itself where Confluent uses a bare status (409 for an incompatible schema).
public struct RegistryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Confluent's error code (40401, 42201, …).
    public var code: Int
    public var message: String

    public init(code: Int, message: String) {
        self.code = code
        self.message = message
    }

    /// The HTTP status that carries this error.
    public var httpStatus: Int { code >= 1000 ? code / 100 : code }

    public var description: String { "\(code): \(message)" }
}

extension RegistryError {
    /// The registry context every subject lives in; Herald has no other contexts.
    static let context = "."

    public static func subjectNotFound(_ subject: String) -> RegistryError {
        RegistryError(code: 40401, message: "Subject '\(subject)' not found.")
    }

    public static func versionNotFound(_ version: Int) -> RegistryError {
        RegistryError(code: 40402, message: "Version \(version) not found.")
    }

    public static func schemaNotFound(id: Int? = nil) -> RegistryError {
        RegistryError(code: 40403, message: id.map { "Schema \($0) not found" } ?? "Schema not found")
    }

    public static func subjectSoftDeleted(_ subject: String) -> RegistryError {
        RegistryError(code: 40404, message: "Subject '\(subject)' was soft deleted.Set permanent=true to delete permanently")
    }

    public static func subjectNotSoftDeleted(_ subject: String) -> RegistryError {
        RegistryError(code: 40405, message: "Subject '\(subject)' was not deleted first before being permanently deleted")
    }

    public static func versionSoftDeleted(_ subject: String, _ version: Int) -> RegistryError {
        RegistryError(code: 40406, message: "Subject '\(subject)' Version \(version) was soft deleted.Set permanent=true to delete permanently")
    }

    public static func versionNotSoftDeleted(_ subject: String, _ version: Int) -> RegistryError {
        RegistryError(code: 40407, message: "Subject '\(subject)' Version \(version) was not deleted first before being permanently deleted")
    }

    public static func compatibilityNotConfigured(_ subject: String) -> RegistryError {
        RegistryError(code: 40408, message: "Subject '\(subject)' does not have subject-level compatibility configured")
    }

    public static func modeNotConfigured(_ subject: String) -> RegistryError {
        RegistryError(code: 40409, message: "Subject '\(subject)' does not have subject-level mode configured")
    }

    /// 409 with the checker's messages, as Confluent words a refused registration.
    public static func incompatible(subject: String, details: [String]) -> RegistryError {
        RegistryError(code: 409, message: "Schema being registered is incompatible with an earlier schema for subject \"\(subject)\", details: [\(details.joined(separator: ", "))]")
    }

    public static func invalidSchema(_ message: String) -> RegistryError {
        RegistryError(code: 42201, message: message)
    }

    public static func invalidVersion(_ text: String) -> RegistryError {
        RegistryError(code: 42202, message: "The specified version '\(text)' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"")
    }

    public static let invalidCompatibility = RegistryError(
        code: 42203,
        message: "Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive")

    public static let invalidMode = RegistryError(code: 42204, message: "Invalid mode. Valid values are READWRITE, READONLY, IMPORT.")

    public static func operationNotPermitted(_ message: String) -> RegistryError {
        RegistryError(code: 42205, message: message)
    }

    public static func referenceExists(subject: String, version: Int) -> RegistryError {
        RegistryError(code: 42206, message: "One or more references exist to the schema {magic=1,keytype=SCHEMA,subject=\(subject),version=\(version)}.")
    }

    public static func invalidSubject(_ subject: String) -> RegistryError {
        RegistryError(code: 42208, message: "The specified subject '\(subject)' is not a valid.")
    }

    public static func storeError(_ message: String) -> RegistryError {
        RegistryError(code: 50001, message: message)
    }
}
