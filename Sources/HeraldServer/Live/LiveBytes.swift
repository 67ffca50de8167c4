/// Bytes as a person reads them: the text when they are printable UTF-8, else hex.
enum LiveBytes {
    /// The text, or `0x…` hex; `isText` tells which.
    static func shown(_ bytes: [UInt8]) -> (text: String, isText: Bool) {
        if let text = String(validating: bytes, as: UTF8.self),
           !text.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r") || $0.value == 0x7F }) {
            return (text, true)
        }
        return ("0x" + hex(bytes), false)
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        var out = ""
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return out
    }
}
