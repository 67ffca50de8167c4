extension ContractValidator {
    /// What produce-time validation says of one stored or about-to-be-sent record on `topic`, against the registry
    /// as it is now.
    public enum RecordVerdict: Sendable, Hashable {
        /// The topic has a contract and the record meets it.
        case valid
        /// The record breaks the contract: the rule and the message the producer would get.
        case invalid(rule: String, message: String, schemaID: UInt32?)
        /// The topic has no contract, or its value subject is not in the registry.
        case notChecked
    }

    /// The same checks as a produced batch gets, for one record.
    public func verdict(topic: String, key: [UInt8]?, value: [UInt8]?) -> RecordVerdict {
        guard let plan = plans().topics[topic] else { return .notChecked }
        let problem: RecordProblem? = Self.withOptionalBytes(value) { value in
            Self.withOptionalBytes(key) { key in
                Self.check(value, against: plan.value, idField: plan.contract.idField)
                    ?? plan.key.flatMap { Self.check(key, against: $0, idField: nil).map { $0.onKey() } }
            }
        }
        guard let problem else { return .valid }
        return .invalid(rule: problem.rule.rawValue, message: problem.message(source: source), schemaID: problem.schemaID)
    }

    private static func withOptionalBytes<T>(_ bytes: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> T) -> T {
        guard let bytes else { return body(nil) }
        return bytes.withUnsafeBytes { body($0) }
    }
}
