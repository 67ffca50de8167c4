import HeraldRegistry

/// Schemas the tests register.
enum Schemas {
    static let v1 = #"{"type":"record","name":"Order","namespace":"com.example","fields":[{"name":"id","type":"string"}]}"#
    static let v2 = #"{"type":"record","name":"Order","namespace":"com.example","fields":[{"name":"id","type":"string"},{"name":"note","type":["null","string"],"default":null}]}"#
    /// A required field with no default: not BACKWARD compatible with v1.
    static let breaking = #"{"type":"record","name":"Order","namespace":"com.example","fields":[{"name":"id","type":"string"},{"name":"amount","type":"long"}]}"#
    static let money = #"{"type":"record","name":"Money","namespace":"com.example.common","fields":[{"name":"amountMinor","type":"long"},{"name":"currency","type":"string"}]}"#
    static let priced = #"{"type":"record","name":"Priced","namespace":"com.example","fields":[{"name":"id","type":"string"},{"name":"total","type":"com.example.common.Money"}]}"#

    static func register(_ subject: String, _ text: String, references: [SchemaReference] = [], normalize: Bool = false) -> RegistryCommand {
        .register(subject: subject, submission: SchemaSubmission(schema: text, references: references), normalize: normalize)
    }
}

extension RegistryState {
    /// Applies a registration and returns (id, version).
    mutating func registered(_ subject: String, _ text: String, references: [SchemaReference] = []) throws -> (id: Int, version: Int) {
        guard case .registered(let id, let version, _) = try apply(Schemas.register(subject, text, references: references)).outcome else {
            throw RegistryError.storeError("not a registration")
        }
        return (id, version)
    }
}

/// The error code a throwing body fails with, nil when it does not throw.
func errorCode(_ body: () throws -> Void) -> Int? {
    do {
        try body()
        return nil
    } catch let error as RegistryError {
        return error.code
    } catch {
        return -1
    }
}
