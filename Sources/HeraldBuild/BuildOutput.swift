import Foundation
import HeraldAsyncAPI
import HeraldCatalog

/// Where stage 3 puts the files it makes: written from several threads at once, each file once.
public protocol BuildOutput: Sendable {
    /// Adds a whole file.
    func write(_ file: EmittedFile) throws
    /// Opens a file written in pieces (an AsyncAPI document), complete when the sink closes.
    func open(path: String) throws -> any DocumentSink
}

/// The output folder `herald build` stages (see `OutputDirectory`).
public struct StagedOutput: BuildOutput {
    public let staging: OutputDirectory.Staging

    public init(_ staging: OutputDirectory.Staging) { self.staging = staging }

    public func write(_ file: EmittedFile) throws { try staging.write(file) }

    public func open(path: String) throws -> any DocumentSink { try staging.open(path: path) }
}

/// Every file in memory by path (what `herald serve` serves).
public final class MemoryOutput: BuildOutput, @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [String: Data] = [:]
    /// When set, further writes throw `DocumentsCancelled`.
    private let cancelled: CancelFlag?

    public init(cancelled: CancelFlag? = nil) { self.cancelled = cancelled }

    public func write(_ file: EmittedFile) throws {
        lock.withLock { collected[file.path] = file.bytes }
    }

    public func open(path: String) throws -> any DocumentSink { MemoryDocument(path: path, into: self) }

    public var files: [String: Data] {
        lock.withLock { collected }
    }

    /// A streamed document, stored when it closes.
    private final class MemoryDocument: DocumentSink, @unchecked Sendable {
        let path: String
        let output: MemoryOutput
        private let lock = NSLock()
        private var bytes: [UInt8] = []

        init(path: String, into output: MemoryOutput) {
            self.path = path
            self.output = output
        }

        func write(_ bytes: [UInt8]) throws {
            if output.cancelled?.isCancelled == true { throw DocumentsCancelled() }
            lock.withLock { self.bytes += bytes }
        }

        func close() throws {
            try output.write(EmittedFile(path: path, bytes: lock.withLock { Data(bytes) }))
        }
    }
}
