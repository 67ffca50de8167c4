/// One AsyncAPI document and the folders of the events it describes. With the catalog.yaml, the shared types and
/// the options unchanged, an edit of events outside `folders` leaves the document's bytes as they were, as long as
/// `folders` itself is unchanged (an event moved to another topic changes the folders of the documents it leaves).
public struct DocumentReach: Sendable, Hashable {
    /// `catalog`, or a service's file stem: the files are `asyncapi/<stem>.yaml` and `.json`.
    public var stem: String
    /// Sorted, each once.
    public var folders: [String]

    public init(stem: String, folders: [String]) {
        self.stem = stem
        self.folders = folders
    }
}
