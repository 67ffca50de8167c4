import Foundation
import Testing

/// Every command reads its inputs the same way: files, `-`, and pipes such as `/dev/fd/N`.
@Suite struct InputFileTests {
    static let record = #"{"type":"record","name":"L","fields":[{"name":"v","type":"int"},{"name":"next","type":["null","L"]}]}"#

    func folder(_ files: [String: Data]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("herald-input-\(UUID().uuidString)")
        for (path, data) in files {
            let url = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
        return dir
    }

    static let hasBash = FileManager.default.isExecutableFile(atPath: "/bin/bash")

    /// Runs a bash command line with `HERALD` set to the binary.
    func bash(_ script: String, cwd: URL) throws -> HeraldBinary.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        process.environment = ["HERALD": HeraldBinary.url.path, "PATH": "/usr/bin:/bin"]
        process.currentDirectoryURL = cwd
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return HeraldBinary.Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    // Process substitution (<(…)) needs bash; Debian always has it.
    @Test(.enabled(if: InputFileTests.hasBash, "needs /bin/bash for process substitution"))
    func processSubstitutionPathsAreReadLikeFiles() throws {
        let dir = try folder([
            "l.avsc": Data(Self.record.utf8),
            "l.json": Data(#"{"v":1,"next":{"v":2,"next":null}}"#.utf8),
            "l.hex": Data("02020400".utf8),
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let expected = #"{"name":"L","type":"record","fields":[{"name":"v","type":"int"},{"name":"next","type":["null","L"]}]}"# + "\n"
        let canonical = try bash(#""$HERALD" avro canonical <(cat l.avsc)"#, cwd: dir)
        #expect(canonical.status == 0, "\(canonical.stderr)")
        #expect(canonical.stdout == expected)
        let fingerprint = try bash(#""$HERALD" avro fingerprint <(cat l.avsc)"#, cwd: dir)
        #expect(fingerprint.status == 0)
        #expect(fingerprint.stdout == (try HeraldBinary.run(["avro", "fingerprint", "l.avsc"], cwd: dir)).stdout)
        let validate = try bash(#""$HERALD" avro validate --schema <(cat l.avsc) <(cat l.json)"#, cwd: dir)
        #expect(validate.status == 0, "\(validate.stdout)")
        let encode = try bash(#""$HERALD" avro encode --hex --schema <(cat l.avsc) <(cat l.json)"#, cwd: dir)
        #expect(encode.stdout == "02020400\n")
        let decode = try bash(#""$HERALD" avro decode --hex --schema l.avsc <(cat l.hex)"#, cwd: dir)
        #expect(decode.stdout == #"{"v":1,"next":{"v":2,"next":null}}"# + "\n")
        let compat = try bash(#""$HERALD" avro compat --mode FULL l.avsc <(cat l.avsc)"#, cwd: dir)
        #expect(compat.status == 0, "\(compat.stdout)")
    }

    @Test func missingFilesAndFoldersSayWhatIsWrong() throws {
        let dir = try folder(["l.avsc": Data(Self.record.utf8), "sub/x.json": Data("1".utf8)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = try HeraldBinary.run(["avro", "canonical", "nope.avsc"], cwd: dir)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nope.avsc: error: no such file"))
        let folder = try HeraldBinary.run(["avro", "canonical", "sub"], cwd: dir)
        #expect(folder.status == 2)
        #expect(folder.stderr.contains("sub: error: is a folder; expected a file"))
        let datum = try HeraldBinary.run(["avro", "encode", "--schema", "l.avsc", "sub"], cwd: dir)
        #expect(datum.status == 2)
        #expect(datum.stderr == "sub: error: is a folder; expected a file\n")
        let compat = try HeraldBinary.run(["avro", "compat", "--mode", "BACKWARD", "l.avsc", "sub"], cwd: dir)
        #expect(compat.status == 2)
        #expect(compat.stdout.contains("sub: error: is a folder; expected a file [FILE_UNREADABLE]"))
    }

    @Test func invalidUTF8IsLocated() throws {
        let dir = try folder(["bad.avsc": Data([0x7B, 0x0A, 0x20, 0x22, 0x74, 0xC3, 0x28, 0x22, 0x7D])])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try HeraldBinary.run(["avro", "canonical", "bad.avsc"], cwd: dir)
        #expect(result.status == 2)
        #expect(result.stderr.contains("bad.avsc:2:4: error: the file is not UTF-8 text"))
    }

    /// `canonical` and `compat` share one loader, so `--types` reads subfolders for both.
    @Test func typesFolderIsReadTheSameByEveryCommand() throws {
        let dir = try folder([
            "types/money/amount.avsc": Data(#"{"type":"fixed","name":"com.x.Amount","size":2}"#.utf8),
            "types/price.avsc": Data(#"{"type":"record","name":"com.x.Price","fields":[{"name":"a","type":"com.x.Amount"}]}"#.utf8),
            "e.avsc": Data(#"{"type":"record","name":"E","fields":[{"name":"p","type":"com.x.Price"}]}"#.utf8),
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let canonical = try HeraldBinary.run(["avro", "canonical", "--types", "types", "e.avsc"], cwd: dir)
        #expect(canonical.status == 0, "\(canonical.stderr)")
        let compat = try HeraldBinary.run(["avro", "compat", "--mode", "FULL", "--types", "types", "e.avsc", "e.avsc"], cwd: dir)
        #expect(compat.status == 0, "\(compat.stdout)")
    }
}

/// `herald avro decode` names the input (and, for --hex, the offending character) in every data error.
@Suite struct DecodeErrorLocationTests {
    @Test func decodeErrorsNameTheInput() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("herald-decode-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(#"{"type":"record","name":"R","fields":[{"name":"s","type":"string"}]}"#.utf8).write(to: dir.appendingPathComponent("w.avsc"))
        try Data(#"{"type":"record","name":"R","fields":[{"name":"s","type":"int"}]}"#.utf8).write(to: dir.appendingPathComponent("r.avsc"))
        try Data([0x06, 0x61]).write(to: dir.appendingPathComponent("short.bin"))
        try Data("06 61 6z\n".utf8).write(to: dir.appendingPathComponent("bad.hex"))
        let truncated = try HeraldBinary.run(["avro", "decode", "--schema", "w.avsc", "short.bin"], cwd: dir)
        #expect(truncated.status == 1)
        #expect(truncated.stderr.hasPrefix("short.bin: error: at byte 0: "), "\(truncated.stderr)")
        let hex = try HeraldBinary.run(["avro", "decode", "--schema", "w.avsc", "--hex", "bad.hex"], cwd: dir)
        #expect(hex.status == 2)
        #expect(hex.stderr == "bad.hex: error: the input is not hex text: 'z' at offset 7 (--hex expects pairs of 0-9, a-f)\n")
        let odd = try HeraldBinary.run(["avro", "decode", "--schema", "w.avsc", "--hex", "-"], stdin: Data("066".utf8), cwd: dir)
        #expect(odd.stderr.hasPrefix("<stdin>: error: the input is not hex text: an odd number of hex digits"))
        let mismatch = try HeraldBinary.run(["avro", "decode", "--schema", "w.avsc", "--reader", "r.avsc", "short.bin"], cwd: dir)
        #expect(mismatch.status == 1)
        #expect(mismatch.stderr.hasPrefix("r.avsc: error: this reader's schema cannot read data written with w.avsc: "), "\(mismatch.stderr)")
    }
}

/// Standard input can feed one input only; naming it twice is a usage error, not an empty second file.
@Suite struct StandardInputOnceTests {
    @Test func standardInputTwiceIsRefused() throws {
        let schema = Data(InputFileTests.record.utf8)
        for arguments in [
            ["avro", "validate", "--schema", "-", "-"],
            ["avro", "encode", "--schema", "-", "-"],
            ["avro", "decode", "--schema", "-"],
            ["avro", "compat", "--mode", "FULL", "-", "-"],
        ] {
            let result = try HeraldBinary.run(arguments, stdin: schema)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr == "error: standard input (-) can be given only once; save the other inputs to files\n", "\(arguments)")
        }
        let once = try HeraldBinary.run(["avro", "compat", "--mode", "FULL", "-"], stdin: schema)
        #expect(once.status == 0, "\(once.stdout)")
    }
}

/// A single-object message written with another schema names both fingerprints as `herald avro fingerprint` prints them.
@Suite struct SingleObjectFingerprintTests {
    @Test func mismatchShowsFingerprintsLikeTheFingerprintCommand() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("herald-so-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(#"{"type":"record","name":"A","fields":[{"name":"s","type":"string"}]}"#.utf8).write(to: dir.appendingPathComponent("a.avsc"))
        try Data(#"{"type":"record","name":"B","fields":[{"name":"s","type":"string"}]}"#.utf8).write(to: dir.appendingPathComponent("b.avsc"))
        try Data(#"{"s":"x"}"#.utf8).write(to: dir.appendingPathComponent("a.json"))
        let framed = try HeraldBinary.run(["avro", "encode", "--schema", "a.avsc", "--single-object", "--hex", "a.json"], cwd: dir)
        #expect(framed.status == 0)
        let a = try HeraldBinary.run(["avro", "fingerprint", "a.avsc"], cwd: dir).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let b = try HeraldBinary.run(["avro", "fingerprint", "b.avsc"], cwd: dir).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let result = try HeraldBinary.run(["avro", "decode", "--schema", "b.avsc", "--single-object", "--hex", "-"], stdin: Data(framed.stdout.utf8), cwd: dir)
        #expect(result.status == 1)
        #expect(result.stderr.contains("fingerprint \(a) is not the writer schema's \(b)"), "\(result.stderr) [\(a) \(b)]")
    }
}
