import Foundation

/// Comparing output with the current output's file at the same path, which is left untouched when the bytes are the
/// same (so it keeps its inode and modification time).
enum UnchangedFile {
    /// Compare and copy buffers hold this much at a time.
    static let chunk = 1 << 20

    /// The current file `name` in `folder`, open for reading, or -1 when it is not there or not a regular file
    /// (a symbolic link is never followed or reused).
    static func open(_ folder: Int32, _ name: String) -> Int32 {
        let descriptor = openat(folder, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return -1 }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            _ = close(descriptor)
            return -1
        }
        return descriptor
    }

    /// Reads `bytes.count` bytes from `descriptor`'s offset on, through `buffer` (any size, reused by the caller);
    /// true when they equal `bytes`.
    static func readMatches(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, buffer: UnsafeMutableRawBufferPointer) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let want = min(buffer.count, bytes.count - offset)
            guard readFully(descriptor, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want])) == want,
                  memcmp(buffer.baseAddress!, bytes.baseAddress! + offset, want) == 0 else { return false }
            offset += want
        }
        return true
    }

    /// True when nothing is left to read at `descriptor`'s offset.
    static func isAtEnd(_ descriptor: Int32) -> Bool {
        var byte: UInt8 = 0
        while true {
            let result = read(descriptor, &byte, 1)
            if result < 0, errno == EINTR { continue }
            return result == 0
        }
    }

    /// Copies the first `count` bytes of `source` (from offset 0, whatever its offset) to `target`; the reason on failure.
    static func copyPrefix(of source: Int32, count: Int, to target: Int32) -> String? {
        guard count > 0 else { return nil }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: min(chunk, count), alignment: 16)
        defer { buffer.deallocate() }
        var offset = 0
        while offset < count {
            let want = min(buffer.count, count - offset)
            let got = pread(source, buffer.baseAddress!, want, off_t(offset))
            if got < 0, errno == EINTR { continue }
            if got <= 0 { return got < 0 ? String(cString: strerror(errno)) : "the previous output changed while it was read" }
            if let failure = StagedFile.writeAll(UnsafeRawBufferPointer(rebasing: buffer[0..<got]), to: target) { return failure }
            offset += got
        }
        return nil
    }

    /// Reads until `buffer` is full or the file ends; the bytes read, or -1 on an error.
    private static func readFully(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        var filled = 0
        while filled < buffer.count {
            let result = read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            if result < 0, errno == EINTR { continue }
            if result < 0 { return -1 }
            if result == 0 { break }
            filled += result
        }
        return filled
    }
}
