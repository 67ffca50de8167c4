import HeraldFuzzDriver

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    LibFuzzerEntry.run(.avroSchema, data, size)
}

// SwiftPM links an executable's entry point under this name (and points `main` at it), so libFuzzer's own `main`
// is never linked: this one hands over to libFuzzer's driver.
@_cdecl("fuzz_avro_schema_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    LibFuzzerEntry.driver(argc, argv, fuzzOneInput)
}

@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<Int32>?, _ argv: UnsafeMutableRawPointer?) -> Int32 {
    LibFuzzerEntry.warmUp(.avroSchema)
    return 0
}
