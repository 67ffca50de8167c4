/// The host and port a client dialled, which Metadata and FindCoordinator advertise back.
public struct ListenerAddress: Sendable, Hashable {
    /// The host.
    public var host: String
    /// The port.
    public var port: Int32
    /// An address.
    public init(host: String, port: Int32) {
        self.host = host
        self.port = port
    }
}
