/// One fuzzed surface: a name (the folder under `Fuzz/corpus/`) and a function from arbitrary bytes to nothing.
///
/// The function must return for every input. Herald's own errors for bad input are expected and swallowed; a
/// broken invariant that only a bug could cause (a value that decoded but does not encode again, say) throws a
/// `FuzzFinding`. libFuzzer turns a finding into a crash; the replay test reports it as a failure.
public struct FuzzTarget: Sendable {
    public let name: String
    public let run: @Sendable ([UInt8]) throws(FuzzFinding) -> Void

    public init(name: String, run: @escaping @Sendable ([UInt8]) throws(FuzzFinding) -> Void) {
        self.name = name
        self.run = run
    }

    /// Every target, in the order `make fuzz` runs them.
    public static let all: [FuzzTarget] = [
        avroSchema, avroJSONDatum, avroBinary, avroFraming, catalog, kafkaRequest, recordBatch, registryBody,
    ]

    public static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }
}

/// An invariant that held for no good reason to break: a bug in Herald, found by a fuzz input.
public struct FuzzFinding: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Splits an input into a selector byte and the rest, so one target can cover several fixed schemas or modes.
struct FuzzInput {
    let selector: UInt8
    let rest: ArraySlice<UInt8>

    init(_ bytes: [UInt8]) {
        selector = bytes.first ?? 0
        rest = bytes.dropFirst()
    }
}
