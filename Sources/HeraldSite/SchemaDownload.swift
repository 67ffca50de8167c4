/// A version's `.avsc`, exactly as written, carried inside the event page as a `data:` URL with a file name, so the
/// download works offline, from `file://` and without JavaScript, and needs no file of its own: a catalog of 10,000
/// events with five versions each would otherwise add 50,000 small files, whose creation was the largest single cost
/// of writing the site.
enum SchemaDownload {
    /// The media type of the URL: an Avro schema is JSON.
    static let mediaType = "application/vnd.apache.avro+json;charset=utf-8"

    /// The name the browser saves the download under: `<event slug>.v<N>.avsc`.
    static func fileName(slug: String, version: Int) -> String { "\(slug).v\(version).avsc" }

    /// `data:<media type>;base64,<the file's bytes>`.
    static func url(_ text: String) -> [UInt8] {
        var out = Array("data:\(mediaType);base64,".utf8)
        var bytes = text.utf8.makeIterator()
        out.reserveCapacity(out.count + (text.utf8.count + 2) / 3 * 4)
        while let first = bytes.next() {
            let second = bytes.next(), third = bytes.next()
            let group = UInt32(first) << 16 | UInt32(second ?? 0) << 8 | UInt32(third ?? 0)
            out.append(alphabet[Int(group >> 18 & 63)])
            out.append(alphabet[Int(group >> 12 & 63)])
            out.append(second == nil ? padding : alphabet[Int(group >> 6 & 63)])
            out.append(third == nil ? padding : alphabet[Int(group & 63)])
        }
        return out
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let padding = UInt8(ascii: "=")
}
