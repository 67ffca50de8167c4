#if canImport(Glibc)
import Glibc
#endif
import NIOCore

extension ByteBuffer {
    /// Maps the whole pages of the writable space in one call (Linux MADV_POPULATE_WRITE) before a large copy
    /// into fresh memory, instead of one page fault per 4 KiB; a no-op off glibc or when the kernel refuses.
    mutating func prefaultWritableBytes() {
        #if canImport(Glibc)
        let pageSize = 4096
        guard writableBytes >= 16 * pageSize else { return }
        withUnsafeMutableWritableBytes { space in
            guard let base = space.baseAddress else { return }
            let start = (Int(bitPattern: base) + pageSize - 1) & ~(pageSize - 1)
            let end = (Int(bitPattern: base) + space.count) & ~(pageSize - 1)
            guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
            _ = madvise(pointer, end - start, 23)  // MADV_POPULATE_WRITE (Linux 5.14)
        }
        #endif
    }
}
