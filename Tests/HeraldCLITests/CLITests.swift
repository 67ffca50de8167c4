import Foundation
import Testing

/// Runs the built `herald` binary as a user would.
enum HeraldBinary {
    static var url: URL {
        // The test bundle sits in the build products folder beside the executable.
        var dir = Bundle.main.bundleURL
        for _ in 0..<4 where !FileManager.default.fileExists(atPath: dir.appendingPathComponent("herald").path) {
            dir.deleteLastPathComponent()
        }
        return dir.appendingPathComponent("herald")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], stdin: Data? = nil, cwd: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        if let cwd { process.currentDirectoryURL = cwd }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }
}

@Suite struct CLITests {
    @Test func versionAndHelp() throws {
        let version = try HeraldBinary.run(["--version"])
        #expect(version.status == 0)
        // The VERSION file's number; a build outside `make dist` has no commit, so its output is the same at every commit.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let number = try String(contentsOf: root.appendingPathComponent("VERSION"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!number.isEmpty)
        #expect(version.stdout == "\(number) (commit unknown)\n")
        let help = try HeraldBinary.run(["avro", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("canonical form"))
    }
}

@Suite struct ExitCodeTests {
    @Test func badArgumentsExitWithTwo() throws {
        let result = try HeraldBinary.run(["avro", "no-such-command"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("Usage"))
    }
}
