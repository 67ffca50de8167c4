/// The host and port a client dialled, which Metadata and FindCoordinator advertise back.
public struct ListenerAddress: Sendable, Hashable {
    public var host: String
    public var port: Int32
    /// An address.
    public init(host: String, port: Int32) {
        self.host = host
        self.port = port
    }
}
