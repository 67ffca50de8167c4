#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension UnsafeMutablePointer where Pointee == dirent {
    /// The name of the entry `readdir` returned, read in place: an entry can end before `dirent`'s full size (the
    /// last one of a buffer read by getdents may end at a page boundary), so copying the whole `d_name` field can
    /// read past it.
    public var entryName: String {
        let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name) ?? 0
        return String(cString: (UnsafeRawPointer(self) + offset).assumingMemoryBound(to: CChar.self))
    }
}
