/// The compatibility modes a catalog may name, as Confluent spells them.
enum CatalogCompatibility {
    static let names = ["NONE", "BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE"]

    /// The canonical name for a mode written in any case, or nil when unknown.
    static func mode(named name: String) -> String? {
        let upper = name.uppercased()
        return names.contains(upper) ? upper : nil
    }
}
