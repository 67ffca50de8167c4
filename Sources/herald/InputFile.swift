import ArgumentParser
import Foundation
import HeraldDiagnostics

/// Reads the files a command is given: a path, `-` for standard input, or a pipe such as `/dev/fd/N` from a
/// shell's process substitution. Every command reads its inputs here, so they all accept the same paths and
/// explain failures the same way.
enum InputFile {
    /// Why an input could not be read.
    struct Failure: Error, Equatable {
        /// The path as the user gave it (`<stdin>` for `-`).
        var path: String
        /// What went wrong and what to do.
        var message: String
        /// Where in the file, when the problem is in its content (1-based; 0 when not known).
        var line = 0, column = 0

        /// Where the failure is, as diagnostics locate it.
        var location: SourceLocation { SourceLocation(file: path, line: line, column: column) }
        /// `PATH[:LINE:COL]: error: MESSAGE`.
        var description: String { "\(location.description): error: \(message)" }
    }

    /// Refuses (exit 2) a command line that reads standard input (`-`) more than once: the first read would take
    /// it all and the others would see an empty file.
    static func requireStandardInputOnce(_ paths: [String?]) throws {
        guard paths.filter({ $0 == "-" }).count > 1 else { return }
        FileHandle.standardError.write(Data("error: standard input (-) can be given only once; save the other inputs to files\n".utf8))
        throw ExitCode(2)
    }

    /// The name diagnostics use for an input path.
    static func label(_ path: String) -> String { path == "-" ? "<stdin>" : path }

    /// The bytes of a file or of standard input. Reads through a file handle, so pipes and character devices work.
    static func data(_ path: String) -> Result<Data, Failure> {
        if path == "-" {
            do {
                return .success(try FileHandle.standardInput.readToEnd() ?? Data())
            } catch {
                return .failure(Failure(path: label(path), message: "cannot read standard input"))
            }
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(Failure(path: path, message: "no such file; check the path"))
        }
        if isDirectory.boolValue {
            return .failure(Failure(path: path, message: "is a folder; expected a file"))
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return .failure(Failure(path: path, message: "cannot open the file (permission denied?)"))
        }
        defer { try? handle.close() }
        do {
            return .success(try handle.readToEnd() ?? Data())
        } catch {
            return .failure(Failure(path: path, message: "cannot read the file: \(error.localizedDescription)"))
        }
    }

    /// The UTF-8 text of a file or of standard input; invalid UTF-8 is reported with the line and column of the
    /// first bad byte.
    static func text(_ path: String) -> Result<String, Failure> {
        data(path).flatMap { data in
            if let text = String(data: data, encoding: .utf8) { return .success(text) }
            let (line, column) = firstInvalidUTF8(Array(data))
            return .failure(Failure(
                path: label(path), message: "the file is not UTF-8 text (invalid byte here); save it as UTF-8",
                line: line, column: column))
        }
    }

    /// Line and column (1-based, counting bytes) of the first byte that is not valid UTF-8.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> (line: Int, column: Int) {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0, line = 1, lineStart = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                if encoded.count == 1 && encoded.first == UInt8(ascii: "\n") {
                    line += 1
                    lineStart = offset + 1
                }
                offset += encoded.count
            case .error:
                return (line, offset - lineStart + 1)
            case .emptyInput:
                return (line, offset - lineStart + 1)
            }
        }
    }
}
