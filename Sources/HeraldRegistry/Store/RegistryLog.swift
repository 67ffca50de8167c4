import Foundation
import HeraldAvro

/// The registry's changes made at run time, kept in `<data-dir>/registry/changes.log` and replayed at start.
///
/// Append-only records: a 4-byte big-endian payload length, the payload's 8-byte big-endian CRC-64-AVRO (Rabin)
/// fingerprint, then the payload (one change as compact JSON). Each append is written whole and fsynced before the
/// registry answers. On open, records are read until the first one that is short or whose fingerprint does not
/// match (a write cut off by a crash); the file is truncated there, so a torn tail never survives a restart.
public final class RegistryLog: @unchecked Sendable {
    /// Records larger than this are treated as damage, not allocated.
    static let maxRecordBytes = 64 * 1024 * 1024
    let handle: FileHandle
    public let url: URL

    /// Opens (creating) the log in `directory`; returns it with the changes it holds and how many damaged tail
    /// bytes were cut off.
    public static func open(directory: URL) throws -> (log: RegistryLog, changes: [RegistryChange], truncatedBytes: Int) {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent("changes.log")
        if !FileManager.default.fileExists(atPath: url.path) {
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
            }
        }
        let handle = try FileHandle(forUpdating: url)
        // Read through the handle: Foundation's Data(contentsOf:) leaks a 4 KiB buffer for every empty file on
        // Linux, and a new registry's log is empty.
        let data = try handle.readToEnd() ?? Data()
        let (changes, goodLength) = try decode([UInt8](data))
        if goodLength < data.count {
            try handle.truncate(atOffset: UInt64(goodLength))
            try handle.synchronize()
        }
        try handle.seekToEnd()
        return (RegistryLog(handle: handle, url: url), changes, data.count - goodLength)
    }

    init(handle: FileHandle, url: URL) {
        self.handle = handle
        self.url = url
    }

    deinit { try? handle.close() }

    /// Appends one change and waits until it is on disk.
    public func append(_ change: RegistryChange) throws {
        try handle.write(contentsOf: Data(Self.record(change)))
        try handle.synchronize()
    }

    /// One framed record.
    public static func record(_ change: RegistryChange) -> [UInt8] {
        var payload: [UInt8] = []
        JSONWriter(style: .compact).write(change.json, into: &payload)
        let fingerprint = RabinFingerprint.fingerprint(payload)
        var out: [UInt8] = []
        out.reserveCapacity(payload.count + 12)
        let length = UInt32(payload.count)
        for shift in stride(from: 24, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: length >> UInt32(shift))) }
        for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: fingerprint >> UInt64(shift))) }
        out += payload
        return out
    }

    /// The changes in `bytes` and the length of the intact prefix. A record whose frame is intact but whose JSON
    /// does not decode is an error (the file was written by something else), not a torn tail.
    public static func decode(_ bytes: [UInt8]) throws -> (changes: [RegistryChange], intactLength: Int) {
        var changes: [RegistryChange] = []
        var offset = 0
        while bytes.count - offset >= 12 {
            var length = 0
            for i in 0..<4 { length = length << 8 | Int(bytes[offset + i]) }
            var fingerprint: UInt64 = 0
            for i in 4..<12 { fingerprint = fingerprint << 8 | UInt64(bytes[offset + i]) }
            guard length <= maxRecordBytes, bytes.count - offset - 12 >= length else { break }
            let payload = Array(bytes[(offset + 12)..<(offset + 12 + length)])
            guard RabinFingerprint.fingerprint(payload) == fingerprint else { break }
            let node: JSONNode
            do {
                node = try JSONParser().parse(payload)
            } catch {
                throw RegistryChangeDecodingError(message: "record at byte \(offset): \(error.message)")
            }
            changes.append(try RegistryChange(json: node.plain))
            offset += 12 + length
        }
        return (changes, offset)
    }
}
