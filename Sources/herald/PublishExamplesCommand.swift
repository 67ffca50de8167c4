import ArgumentParser
import Foundation
import HeraldCatalog
import HeraldClients

/// `herald publish-examples`: the catalog's valid examples onto any Kafka, framed with a registry's IDs.
struct PublishExamplesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish-examples",
        abstract: "Produce every valid example, Avro-encoded with Confluent framing under the registry's schema IDs (registering where needed), keyed by the event ID, with a W3C traceparent header.",
        discussion: "Plaintext Kafka only (no TLS or SASL). Exit status: 0 sent, 1 the registry refused a schema or an example could not be sent, 2 Herald could not run.")

    @Option(name: .long, help: "Kafka bootstrap servers, HOST:PORT[,HOST:PORT…].")
    var bootstrap: String

    @OptionGroup var options: RegistryOptions

    @Option(name: .long, help: "The catalog directory.")
    var catalog: String = "schemas"

    @Option(name: .long, help: "Publish this event's examples only; repeatable. Default: every event.")
    var event: [String] = []

    func run() async throws {
        guard let addresses = KafkaAddress.parseList(bootstrap) else {
            CommandOutput.fail("--bootstrap '\(bootstrap)' is not HOST:PORT[,HOST:PORT…]")
        }
        let client = try options.client()
        let resolved = CommandOutput.requireClean(CommandOutput.loadCatalog(catalog), doing: "published")
        let messages = ExampleMessages(catalog: resolved)
        let (events, unknown) = messages.events(named: event)
        guard unknown.isEmpty else {
            CommandOutput.fail("no event named \(unknown.joined(separator: ", ")) in \(DisplayPath.relative(catalog))")
        }

        // Register what the chosen events need (their subjects and the shared types they reference), then read the IDs.
        let plan = PushPlanner().plan(resolved).needed(by: events)
        var refused = false
        let snapshot: RegistrySnapshot
        do {
            let before = try await client.snapshot(of: plan.subjects.map(\.subject))
            let reconciliation = PushReconciliation(plan: plan, snapshot: before)
            if reconciliation.registrations > 0 {
                let outcomes = await PushExecutor(client: client).run(reconciliation) { outcome in
                    if outcome.succeeded {
                        CommandOutput.out(PushText.done(outcome) + "\n")
                    } else {
                        CommandOutput.err("herald: error: " + PushText.done(outcome) + "\n")
                    }
                }
                refused = outcomes.contains { !$0.succeeded }
                snapshot = try await client.snapshot(of: plan.subjects.map(\.subject))
            } else {
                snapshot = before
            }
        } catch {
            CommandOutput.fail(error.description)
        }

        var random = SystemRandomNumberGenerator()
        let (prepared, skipped) = messages.prepare(events, ids: SchemaIDs(snapshot: snapshot), random: &random)
        for note in skipped { CommandOutput.err("herald: warning: not sent: \(note)\n") }
        guard !prepared.isEmpty else {
            CommandOutput.err("herald: error: no example to send\n")
            throw ExitCode(1)
        }
        let delivered: [DeliveredRecord]
        do {
            delivered = try await KafkaProducer(bootstrap: addresses, clientId: "herald-publish-examples").send(prepared.map(\.record))
        } catch {
            CommandOutput.fail("\(error)")
        }
        for (example, place) in zip(prepared, delivered) {
            CommandOutput.out("sent \(example.file) to \(place.topic) partition \(place.partition) offset \(place.offset): v\(example.version) schema ID \(example.valueSchemaID), key \(example.keyDescription), traceparent \(example.traceparent)\n")
        }
        CommandOutput.out("published \(PushText.count(prepared.count, "example")) of \(PushText.count(events.count, "event")) to \(addresses.map(\.description).joined(separator: ","))\n")
        if refused || !skipped.isEmpty { throw ExitCode(1) }
    }
}
