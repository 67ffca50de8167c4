import Foundation

/// A new temporary folder holding `orders/event.yaml`, for the watcher tests.
func watchedFolder(_ prefix: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("herald-\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url.appendingPathComponent("orders"), withIntermediateDirectories: true)
    try Data("summary: one\n".utf8).write(to: url.appendingPathComponent("orders/event.yaml"))
    return url
}
