import Dispatch
import Foundation
@testable import HeraldCatalog
import Testing

/// Staged output with many folders (a site has one per event): only a few keep a descriptor open, and files in the
/// others are written by path, so a large catalog never runs out of descriptors.
@Suite struct OutputDirectoryFolderTests {
    @Test func filesInMoreFoldersThanKeepADescriptorAreWritten() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("herald-output-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("site")
        let staging = try OutputDirectory(url: out, protected: []).stage()
        let folders = OutputDirectory.Staging.maximumOpenFolders * 3
        let files = (0..<folders).flatMap { folder in
            ["v1.avsc", "latest.avsc"].map { EmittedFile(path: "events/e\(folder)/\($0)", text: "{\"folder\": \(folder)}\n") }
        } + [EmittedFile(path: "index.html", text: "home\n"), EmittedFile(path: "a/b/c/deep.txt", text: "deep\n")]
        let failures = FailureCount()
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            for index in stride(from: worker, to: files.count, by: 4) {
                do { try staging.write(files[index]) } catch { failures.add() }
            }
        }
        #expect(failures.count == 0)
        try staging.publish()
        for file in files {
            #expect(FileManager.default.contents(atPath: out.appendingPathComponent(file.path).path) == file.bytes, "\(file.path)")
        }
        let events = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("events").path)
        #expect(events.count == folders)
    }
}

private final class FailureCount: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func add() { lock.withLock { value += 1 } }
    var count: Int { lock.withLock { value } }
}
