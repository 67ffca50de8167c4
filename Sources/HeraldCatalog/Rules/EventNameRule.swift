import HeraldDiagnostics

/// Event names are `domain.entity.action` in lowercase and unique.
///
/// Each dot-separated part starts with a lowercase letter and continues with lowercase letters, digits, `-` or `_`
/// (an error otherwise). A single part is a warning: `order.placed` (entity.action, the folder giving the domain)
/// is accepted, as the design note's own examples use it; `orders` says nothing about what happened.
struct EventNameRule: CatalogRule {
    var descriptors: [RuleDescriptor] { [CatalogRules.eventNameInvalid, CatalogRules.eventNameShort, CatalogRules.eventNameDuplicate] }

    static func partIsValid(_ part: Substring) -> Bool {
        guard let first = part.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return part.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
    }

    func check(_ catalog: ResolvedCatalog) -> [Diagnostic] {
        var found: [Diagnostic] = []
        var firstFolder: [String: String] = [:]
        for event in catalog.events {
            let parts = event.name.split(separator: ".", omittingEmptySubsequences: false)
            if event.name.isEmpty || !parts.allSatisfy(Self.partIsValid) {
                let suggestion = event.name.lowercased().replacingOccurrences(of: " ", with: "-")
                found.append(Diagnostic(
                    CatalogRules.eventNameInvalid,
                    message: "event name '\(event.name)' is not dot-separated lowercase parts (domain.entity.action)",
                    hint: parts.map { $0.lowercased() }.allSatisfy { Self.partIsValid(Substring($0)) } && !event.name.isEmpty
                        ? "Rename the folder to '\(suggestion)'." : nil,
                    location: event.location, event: event.name))
            } else if parts.count < 2 {
                found.append(Diagnostic(
                    CatalogRules.eventNameShort, message: "event name '\(event.name)' has one part; expected entity.action or domain.entity.action",
                    location: event.location, event: event.name))
            }
            if let other = firstFolder[event.name] {
                found.append(Diagnostic(
                    CatalogRules.eventNameDuplicate, message: "event '\(event.name)' is also defined in \(catalog.displayRoot.isEmpty ? other : catalog.displayRoot + "/" + other)",
                    location: event.location, event: event.name))
            } else {
                firstFolder[event.name] = event.folder
            }
        }
        return found
    }
}
