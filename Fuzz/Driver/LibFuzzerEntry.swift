import HeraldFuzzTargets

/// The body of each fuzz executable's `LLVMFuzzerTestOneInput`: a finding becomes a crash, which libFuzzer records.
public enum LibFuzzerEntry {
    public static func run(_ target: FuzzTarget, _ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
        let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        do {
            try target.run(bytes)
        } catch {
            fatalError("\(target.name): \(error)")
        }
        return 0
    }
}

extension LibFuzzerEntry {
    public typealias Callback = @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32

    /// Runs libFuzzer's driver (`LLVMFuzzerRunDriver`, present only in `-sanitize=fuzzer` builds) with the
    /// command line, calling `callback` per input.
    public static func driver(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                              _ callback: Callback) -> Int32 {
        var count = argc
        var arguments = argv
        return withUnsafeMutablePointer(to: &count) { count in
            withUnsafeMutablePointer(to: &arguments) { arguments in
                llvmFuzzerRunDriver(count, arguments, callback)
            }
        }
    }
}

@_silgen_name("LLVMFuzzerRunDriver")
private func llvmFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: LibFuzzerEntry.Callback) -> Int32

extension LibFuzzerEntry {
    /// Runs `target` once on an empty input before fuzzing, so the fixed schemas and fixtures are built outside any
    /// measured input: libFuzzer's per-input leak check then sees only what one input allocates and keeps.
    @inline(never)
    public static func warmUp(_ target: FuzzTarget) {
        _ = try? target.run([])
    }
}
