import HeraldDiagnostics

extension Incompatibility {
    /// Confluent's description (`Difference.java`), with the reader and writer sides named by `roles`
    /// (BACKWARD: reader "new", writer "old").
    public func registryDescription(roles: CompatibilityRoles) -> String {
        let (r, w) = (roles.reader, roles.writer)
        switch type {
        case .fixedSizeMismatch:
            return "The size of FIXED type field at path '\(location)' in the \(r) schema does not match with the \(w) schema"
        case .typeMismatch:
            return "The type (path '\(location)') of a field in the \(r) schema does not match with the \(w) schema"
        case .nameMismatch:
            return "The name of the schema has changed (path '\(location)')"
        case .missingEnumSymbols:
            return "The \(r) schema is missing enum symbols '\(message)' at path '\(location)' in the \(w) schema"
        case .missingUnionBranch:
            return "The \(r) schema is missing a type inside a union field at path '\(location)' in the \(w) schema"
        case .readerFieldMissingDefaultValue:
            return "The field '\(message)' at path '\(location)' in the \(r) schema has no default value and is missing in the \(w) schema"
        case .readerFieldMatchesMultipleWriterFields:
            return "Unexpected exception during compatibility check: \(message)"
        }
    }

    /// The registry's error entry: `{errorType:'…', description:'…', additionalInfo:'…'}`.
    public func registryError(roles: CompatibilityRoles) -> String {
        "{errorType:'\(type.rawValue)', description:'\(registryDescription(roles: roles))', additionalInfo:'\(message)'}"
    }

    /// This finding as a diagnostic: rule = the Java type name, located in the newer schema's file where the model
    /// knows the position (the reader field or node under BACKWARD, the writer node under FORWARD).
    ///
    /// - Parameters:
    ///   - newer, older: the two schemas; which one read and which wrote follows from `direction`.
    ///   - newerFile: the newer schema's file, used when the node carries no source position.
    ///   - versions: when given, the version pair is named at the end of the message.
    public func diagnostic(
        direction: CompatibilityDirection, newer: AvroSchema, older: AvroSchema, newerFile: String? = nil,
        versions: (newer: Int, older: Int)? = nil, event: String? = nil
    ) -> Diagnostic {
        let roles = direction.roles
        var message = registryDescription(roles: roles)
        switch type {
        case .typeMismatch, .nameMismatch, .fixedSizeMismatch, .missingUnionBranch:
            message += " (\(self.message))"
        default:
            break
        }
        if let versions { message += " (v\(versions.newer) against v\(versions.older), \(direction.rawValue))" }
        let source: SchemaSource?
        switch direction {
        case .backward:
            source = Self.source(of: readerNode, field: readerFieldIndex, in: newer)
        case .forward:
            source = Self.source(of: writerNode, field: nil, in: newer)
        }
        var location = source?.location ?? newerFile.map { SourceLocation(file: $0) }
        if location?.file == nil, let newerFile { location?.file = newerFile }
        return Diagnostic(
            rule: type.rawValue, category: .compatibility, severity: .error, message: message, hint: hint,
            location: location, pointer: self.location, event: event)
    }

    static func source(of node: AvroNode.ID, field: Int?, in schema: AvroSchema) -> SchemaSource? {
        guard schema.nodes.indices.contains(node) else { return nil }
        if let field, case .record(let record) = schema[node].type, record.fields.indices.contains(field),
           let fieldSource = record.fields[field].source {
            return fieldSource
        }
        return schema[node].source
    }
}

extension CompatibilityVerdict {
    /// Every incompatibility of every failure as diagnostics, in the registry's order.
    /// `schemas` maps version numbers to schemas and `files` to their files, for locations.
    public func diagnostics(schemas: [Int: AvroSchema], files: [Int: String] = [:], event: String? = nil) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for failure in failures {
            guard let newer = schemas[failure.newerVersion], let older = schemas[failure.olderVersion] else { continue }
            for incompatibility in failure.incompatibilities {
                out.append(incompatibility.diagnostic(
                    direction: failure.direction, newer: newer, older: older, newerFile: files[failure.newerVersion],
                    versions: (failure.newerVersion, failure.olderVersion), event: event))
            }
        }
        return out
    }
}
