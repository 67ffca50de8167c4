import CCmarkGFM
import Foundation

/// GitHub-flavoured Markdown to HTML through libcmark-gfm, in its safe mode: raw HTML and `javascript:` links are dropped.
public struct MarkdownRenderer: Sendable {
    /// Registers the GFM extensions; the registry is process-wide, so this runs before any concurrent rendering.
    public init() {
        cmark_gfm_core_extensions_ensure_registered()
    }

    /// The extensions attached to every parse.
    static let extensionNames = ["table", "autolink", "strikethrough"]

    /// Renders `markdown` as an HTML fragment.
    public func render(_ markdown: String) -> String {
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8
        guard let parser = cmark_parser_new(options) else { return HTMLText.escape(markdown) }
        defer { cmark_parser_free(parser) }
        for name in Self.extensionNames {
            if let ext = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
        }
        var bytes = Array(markdown.utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { cmark_parser_feed(parser, $0, buffer.count) }
            }
        }
        guard let document = cmark_parser_finish(parser) else { return HTMLText.escape(markdown) }
        defer { cmark_node_free(document) }
        guard let html = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else {
            return HTMLText.escape(markdown)
        }
        defer { free(html) }
        // cmark passes control characters through; HTML forbids them.
        return HTMLText.withoutForbiddenCodePoints(String(cString: html))
    }
}
