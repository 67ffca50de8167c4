import HeraldCatalog

/// `herald build` streams each document straight into its file in the staged output folder.
extension StagedFile: DocumentSink {}
