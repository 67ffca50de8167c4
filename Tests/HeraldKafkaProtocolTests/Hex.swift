import NIOCore

/// Test fixtures are written as hex with spaces and `|` separators for readability.
func bytes(_ hex: String) -> ByteBuffer {
    let digits = hex.filter { $0.isHexDigit }
    precondition(digits.count % 2 == 0, "odd hex fixture")
    var buffer = ByteBuffer()
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2)
        buffer.writeInteger(UInt8(digits[index..<next], radix: 16)!)
        index = next
    }
    return buffer
}

/// Hex of a buffer's readable bytes, for readable failure messages.
func hex(_ buffer: ByteBuffer) -> String {
    buffer.readableBytesView.map { byte in
        let s = String(byte, radix: 16)
        return s.count == 1 ? "0" + s : s
    }.joined()
}

/// Hex of a string's UTF-8 bytes.
func hex(_ string: String) -> String { hex(ByteBuffer(string: string)) }
