import Foundation

extension LiveFeed {
    /// The position taken when the first stream opened after an idle spell, kept until the feed's next poll takes it.
    /// A later opening replaces it: it is only taken while no stream is open, so an unread one belongs to a stream
    /// that has closed already.
    final class Opening: @unchecked Sendable {
        private let lock = NSLock()
        private var position: Position?

        func record(_ position: Position) {
            lock.withLock { self.position = position }
        }

        func take() -> Position? {
            lock.withLock {
                defer { position = nil }
                return position
            }
        }
    }
}
