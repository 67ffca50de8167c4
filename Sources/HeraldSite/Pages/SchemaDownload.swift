import Foundation

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
        Array("data:\(mediaType);base64,\(Data(text.utf8).base64EncodedString())".utf8)
    }
}
