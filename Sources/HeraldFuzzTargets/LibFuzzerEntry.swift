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
