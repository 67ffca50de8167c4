/// A broker address, `host:port`.
public struct KafkaAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `--bootstrap`: one or more `host:port` separated by commas (`[::1]:9092` for IPv6).
    public static func parseList(_ text: String) -> [KafkaAddress]? {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: " ") }
        guard !parts.isEmpty else { return nil }
        var addresses: [KafkaAddress] = []
        for part in parts {
            guard let colon = part.lastIndex(of: ":"), let port = Int(part[part.index(after: colon)...]), (1...65_535).contains(port) else { return nil }
            var host = String(part[..<colon])
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            guard !host.isEmpty else { return nil }
            addresses.append(KafkaAddress(host: host, port: port))
        }
        return addresses
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}
