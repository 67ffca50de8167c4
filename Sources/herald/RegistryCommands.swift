import ArgumentParser
import Foundation
import HeraldCatalog
import HeraldClients
import HeraldDiagnostics

/// `herald registry …`: keep a Confluent-compatible schema registry and the catalog in step.
struct RegistryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry",
        abstract: "Keep a Confluent-compatible schema registry and the catalog in step: push, diff, pull.",
        discussion: "Credentials: HTTP basic auth from HERALD_REGISTRY_USER and HERALD_REGISTRY_PASSWORD; TLS where the URL is https.",
        subcommands: [RegistryPushCommand.self, RegistryDiffCommand.self, RegistryPullCommand.self])
}

/// What every registry command reads: the registry's URL and, through the environment, its credentials.
struct RegistryOptions: ParsableArguments {
    @Option(name: .long, help: "The registry's base URL, e.g. http://localhost:8081 or https://psrc-….confluent.cloud.")
    var registry: String

    /// The endpoint, with credentials from the environment.
    func endpoint() throws(RegistryError) -> RegistryEndpoint {
        try RegistryEndpoint(url: registry, credentials: RegistryCredentials.from(environment: ProcessInfo.processInfo.environment))
    }

    /// Why the URL is unusable, or nil.
    var problem: String? {
        do {
            _ = try endpoint()
            return nil
        } catch {
            return error.description
        }
    }

    /// The client, or exit 2 with the reason when the URL is unusable.
    func client() throws -> RegistryClient {
        do {
            return RegistryClient(endpoint: try endpoint())
        } catch {
            CommandOutput.fail(error.description)
        }
    }
}

/// Writing to the terminal, and leaving with the design note's exit codes.
enum CommandOutput {
    static func out(_ text: String) { FileHandle.standardOutput.write(Data(text.utf8)) }
    static func err(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }

    /// Herald could not run: the reason on standard error, exit 2.
    static func fail(_ reason: String) -> Never {
        err("herald: error: \(reason)\n")
        exit(2)
    }

    /// The catalog, checked, with every schema kept (the registry stages need them all); exit 2 when the folder
    /// cannot be read.
    static func loadCatalog(_ folder: String) -> CheckResult {
        do {
            guard !folder.isEmpty else { throw CatalogSourceError("--catalog is empty; name the catalog folder (the default is 'schemas')") }
            let files = try DirectoryCatalogSource(directory: URL(fileURLWithPath: folder), displayRoot: DisplayPath.relative(folder)).load()
            return CatalogChecker(keepsCatalog: true).check(files)
        } catch let error as CatalogSourceError {
            fail(error.description)
        } catch {
            fail("\(error)")
        }
    }

    /// A checked catalog without errors, or exit 1 after printing them: nothing is published from a broken catalog.
    static func requireClean(_ result: CheckResult, doing what: String) -> ResolvedCatalog {
        if !result.diagnostics.isEmpty, !result.ok {
            err(TextReportRenderer().render(DiagnosticReport(diagnostics: result.diagnostics.filter { $0.severity == .error }, events: result.events)))
        }
        guard result.ok, let catalog = result.catalog else {
            err("herald: error: the catalog has errors; nothing was \(what) (run herald check)\n")
            exit(1)
        }
        return catalog
    }
}

/// `herald registry push`.
struct RegistryPushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Register every catalog version under its subject, in order (shared types first, as references), and set each event subject's compatibility mode.",
        discussion: "Changes nothing when the registry is up to date. Exit status: 0 done, 1 the registry refused a schema or mode (its message is printed), 2 Herald could not run.")

    @OptionGroup var options: RegistryOptions

    @Option(name: .long, help: "The catalog directory.")
    var catalog: String = "schemas"

    @Flag(name: .customLong("dry-run"), help: "List what would be registered and set, and change nothing.")
    var dryRun = false

    func run() async throws {
        let client = try options.client()
        let resolved = CommandOutput.requireClean(CommandOutput.loadCatalog(catalog), doing: "pushed")
        let plan = PushPlanner().plan(resolved)
        for note in plan.skipped { CommandOutput.err("herald: warning: skipped \(note)\n") }
        let snapshot: RegistrySnapshot
        do {
            snapshot = try await client.snapshot()
        } catch {
            CommandOutput.fail(error.description)
        }
        let reconciliation = PushReconciliation(plan: plan, snapshot: snapshot)
        let registry = client.endpoint.display
        if reconciliation.steps.isEmpty {
            CommandOutput.out("\(registry) is up to date: \(reconciliation.alreadyRegistered) schemas in \(plan.subjects.count) subjects, nothing to change\n")
            return
        }
        if dryRun {
            for step in reconciliation.steps { CommandOutput.out(PushText.planned(step) + "\n") }
            CommandOutput.out("dry run: \(PushText.count(reconciliation.registrations, "registration")) and \(PushText.count(reconciliation.modeChanges, "mode change")) to make in \(registry); nothing was changed\n")
            return
        }
        let outcomes = await PushExecutor(client: client).run(reconciliation) { outcome in
            if outcome.succeeded {
                CommandOutput.out(PushText.done(outcome) + "\n")
            } else {
                CommandOutput.err("herald: error: " + PushText.done(outcome) + "\n")
            }
        }
        let failed = outcomes.filter { !$0.succeeded }.count
        let registered = outcomes.filter { if case .registered = $0.result { true } else { false } }.count
        let modes = outcomes.filter { $0.result == .modeSet }.count
        var summary = "pushed to \(registry): \(PushText.count(registered, "registration")), \(PushText.count(modes, "mode change"))"
        if failed > 0 { summary += ", \(failed) refused or skipped" }
        CommandOutput.out(summary + "\n")
        if failed > 0 { throw ExitCode(1) }
    }
}

/// The lines `push` prints.
enum PushText {
    static func planned(_ step: PushStep) -> String {
        switch step {
        case .register(let subject, let schema):
            return "would register \(subject) ← \(schema.file)" + references(schema)
        case .setMode(let subject, let current, let mode):
            return "would set \(subject) compatibility to \(mode) (now: \(current ?? "the registry's default"))"
        }
    }

    static func done(_ outcome: PushOutcome) -> String {
        let what: String
        switch outcome.step {
        case .register(let subject, let schema): what = "\(subject) ← \(schema.file)"
        case .setMode(let subject, _, let mode): what = "\(subject) compatibility \(mode)"
        }
        switch outcome.result {
        case .registered(let id, let version):
            return "registered \(what): ID \(id)" + (version.map { ", version \($0)" } ?? "")
        case .modeSet:
            return "set \(what)"
        case .refused(let error):
            return "\(what): \(error.description)"
        case .skipped(let reason):
            return "\(what): not attempted: \(reason)"
        }
    }

    static func references(_ schema: PlannedSchema) -> String {
        schema.references.isEmpty ? "" : " (references " + schema.references.map(\.subject).joined(separator: ", ") + ")"
    }

    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}

/// `herald registry diff`.
struct RegistryDiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Report drift between the catalog and a registry: subjects or versions on one side only, changed canonical forms, different modes.",
        discussion: "Exit status: 0 in step, 1 drift, 2 Herald could not run.")

    @OptionGroup var options: RegistryOptions

    @Option(name: .long, help: "The catalog directory.")
    var catalog: String = "schemas"

    @Option(name: .long, help: "Output format: text, json, github or junit.")
    var format: ReportFormatArgument = .text

    @Option(name: .long, help: "Colour text output: auto, always or never.")
    var color: ColorChoice = .auto

    func run() async throws {
        if let reason = options.problem, let document = CouldNotRunReport(reason: reason).render(format.format) {
            CommandOutput.out(document)
        }
        let client = try options.client()
        let result = CommandOutput.loadCatalog(catalog)
        guard let resolved = result.catalog else { CommandOutput.fail("the check kept no catalog to compare") }
        let plan = PushPlanner().plan(resolved)
        for note in plan.skipped { CommandOutput.err("herald: warning: not compared: \(note)\n") }
        let snapshot: RegistrySnapshot
        do {
            snapshot = try await client.snapshot()
        } catch {
            if let document = CouldNotRunReport(reason: error.description).render(format.format) { CommandOutput.out(document) }
            CommandOutput.fail(error.description)
        }
        let diagnostics = RegistryDrift().diff(plan, against: snapshot)
        let report = DiagnosticReport(diagnostics: diagnostics, events: resolved.events.count,
                                      versions: resolved.events.reduce(0) { $0 + $1.versions.count })
        CommandOutput.out(format.format.render(report, colour: format.format == .text && color.enabled(for: .standardOutput)))
        if !report.ok { throw ExitCode(1) }
    }
}

/// `herald registry pull`.
struct RegistryPullCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Turn a registry's subjects into a catalog folder: an event per <topic>-value subject, keys, shared types, modes.",
        discussion: "The output folder is replaced as a whole once everything is written. Owners and producers are left for you: herald check on the result lists them. Exit status: 0 written, 2 Herald could not run.")

    @OptionGroup var options: RegistryOptions

    @Option(name: .long, help: "The folder to write the catalog to; replaced as a whole.")
    var out: String

    func run() async throws {
        let client = try options.client()
        let snapshot: RegistrySnapshot
        do {
            snapshot = try await client.snapshot()
        } catch {
            CommandOutput.fail(error.description)
        }
        let pulled = RegistryPull(registryURL: client.endpoint.display).pull(snapshot)
        let staging: OutputDirectory.Staging
        do {
            staging = try OutputDirectory(url: URL(fileURLWithPath: out)).stage()
            for file in pulled.files { try staging.write(file) }
            try staging.publish()
        } catch {
            CommandOutput.fail(error.message)
        }
        for note in pulled.skipped { CommandOutput.err("herald: note: not pulled: \(note)\n") }
        CommandOutput.out("Wrote \(pulled.files.count) files to \(DisplayPath.relative(out)): \(PushText.count(pulled.events, "event")), \(PushText.count(pulled.types, "shared type")); run herald check --catalog \(DisplayPath.relative(out)) to see what to fill in\n")
    }
}
