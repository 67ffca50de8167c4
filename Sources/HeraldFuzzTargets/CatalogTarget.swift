import Foundation
import HeraldCatalog
import HeraldDiagnostics

extension FuzzTarget {
    /// The whole check pipeline over a small catalog whose YAML comes from the input: `catalog.yaml`, then a NUL
    /// byte, then one event's `event.yaml` (an input without NUL is the event.yaml, beside a fixed catalog.yaml).
    /// Each event also has a fixed schema and one example, so the parsed YAML reaches the rules and the checks.
    public static let catalog = FuzzTarget(name: "catalog") { bytes throws(FuzzFinding) in
        let catalogYAML: Data
        let eventYAML: Data
        if let nul = bytes.firstIndex(of: 0) {
            catalogYAML = Data(bytes[..<nul])
            eventYAML = Data(bytes[(nul + 1)...])
        } else {
            catalogYAML = Data(CatalogFixture.catalogYAML.utf8)
            eventYAML = Data(bytes)
        }
        let files = CatalogFiles(displayRoot: "schemas", files: [
            "catalog.yaml": catalogYAML,
            "orders/order.placed/event.yaml": eventYAML,
            "orders/order.placed/v1.avsc": Data(CatalogFixture.schemaV1.utf8),
            "orders/order.placed/v2.avsc": Data(CatalogFixture.schemaV2.utf8),
            "orders/order.placed/examples/one.json": Data(#"{"eventId":"e-1","total":12.5}"#.utf8),
            "types/money.avsc": Data(CatalogFixture.sharedType.utf8),
        ])
        let result = CatalogChecker().check(files)
        for diagnostic in result.diagnostics where diagnostic.message.isEmpty {
            throw FuzzFinding("a diagnostic without a message: \(diagnostic.rule)")
        }
    }
}

enum CatalogFixture {
    static let catalogYAML = """
    title: Fuzz catalog
    defaults:
      compatibility: BACKWARD
    teams:
      order-team: { name: "Orders", email: "orders@example.com" }
    services:
      checkout: { name: "Checkout", owner: order-team }
      billing: { name: "Billing", owner: order-team }

    """
    static let schemaV1 = """
    {"type":"record","name":"OrderPlaced","namespace":"com.example.order","fields":[
      {"name":"eventId","type":"string"},{"name":"total","type":"double"}]}
    """
    static let schemaV2 = """
    {"type":"record","name":"OrderPlaced","namespace":"com.example.order","fields":[
      {"name":"eventId","type":"string"},{"name":"total","type":"double"},
      {"name":"price","type":["null","com.example.common.Money"],"default":null}]}
    """
    static let sharedType = """
    {"type":"record","name":"Money","namespace":"com.example.common","fields":[
      {"name":"amount","type":"string"},{"name":"currency","type":"string"}]}
    """
}
