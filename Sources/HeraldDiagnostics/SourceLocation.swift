/// A place in a source file: 1-based line and column, plus an optional JSON pointer into the document.
public struct SourceLocation: Sendable, Hashable, Codable {
    /// The file, relative to the working directory or catalog root as the caller chose; nil for standard input or built-in text.
    public var file: String?
    /// 1-based line; 0 when unknown.
    public var line: Int
    /// 1-based column; 0 when unknown.
    public var column: Int

    public init(file: String? = nil, line: Int = 0, column: Int = 0) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, leaving out the parts that are unknown.
    public var description: String {
        var text = file ?? "<input>"
        if line > 0 {
            text += ":\(line)"
            if column > 0 { text += ":\(column)" }
        }
        return text
    }
}
