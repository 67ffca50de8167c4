/// A three-column graph, producers → events → consumers, laid out at build time and drawn as inline SVG.
struct DependencyGraph {
    /// A box in one of the three columns.
    struct Node: Hashable {
        enum Kind: String { case service, event }
        var key: String
        var label: String
        /// Root-relative link target.
        var url: String
        var kind: Kind
        var highlighted = false
    }

    var producers: [Node] = []
    var events: [Node] = []
    var consumers: [Node] = []
    /// Producer key → event key.
    var produceEdges: [(String, String)] = []
    /// Event key → consumer key.
    var consumeEdges: [(String, String)] = []

    static let columnWidth = 236.0
    static let gap = 96.0
    static let rowHeight = 30.0
    static let boxHeight = 24.0
    static let maximumLabel = 30

    /// Orders each column by the mean position of its neighbours (one barycentre sweep each way), so edges cross less.
    mutating func arrange() {
        events.sort { $0.label < $1.label }
        func positions(_ nodes: [Node]) -> [String: Double] {
            Dictionary(nodes.enumerated().map { ($1.key, Double($0)) }, uniquingKeysWith: { a, _ in a })
        }
        func reorder(_ nodes: inout [Node], by edges: [(String, String)], neighbourFirst: Bool, around: [String: Double]) {
            var sums: [String: (Double, Double)] = [:]
            for (a, b) in edges {
                let (own, other) = neighbourFirst ? (b, a) : (a, b)
                guard let position = around[other] else { continue }
                let current = sums[own] ?? (0, 0)
                sums[own] = (current.0 + position, current.1 + 1)
            }
            let original = positions(nodes)
            func key(_ node: Node) -> Double {
                guard let (sum, count) = sums[node.key], count > 0 else { return original[node.key] ?? 0 }
                return sum / count
            }
            nodes = nodes.enumerated().sorted { lhs, rhs in
                let (a, b) = (key(lhs.element), key(rhs.element))
                return a != b ? a < b : lhs.offset < rhs.offset
            }.map(\.element)
        }
        producers.sort { $0.label < $1.label }
        consumers.sort { $0.label < $1.label }
        reorder(&producers, by: produceEdges, neighbourFirst: false, around: positions(events))
        reorder(&consumers, by: consumeEdges, neighbourFirst: true, around: positions(events))
        // Events follow their producers, so each producer's events sit together; then the services settle again.
        let producerPositions = positions(producers)
        reorder(&events, by: produceEdges, neighbourFirst: true, around: producerPositions)
        reorder(&producers, by: produceEdges, neighbourFirst: false, around: positions(events))
        reorder(&consumers, by: consumeEdges, neighbourFirst: true, around: positions(events))
    }

    /// The graph as an `<svg>` element with links; `root` prefixes every link (`../` on pages one folder down).
    func svg(root: String, title: String) -> String {
        let columns = [producers, events, consumers]
        let rows = columns.map(\.count).max() ?? 0
        guard rows > 0 else { return "" }
        let width = Self.columnWidth * 3 + Self.gap * 2
        let headerHeight = 28.0
        let height = headerHeight + Double(rows) * Self.rowHeight + 8
        var y: [String: (column: Int, y: Double)] = [:]
        let top = headerHeight + Self.boxHeight / 2
        let bottom = top + Double(rows - 1) * Self.rowHeight
        // Events sit in order, centred; services sit level with the mean of their events, pushed apart just enough.
        let eventOffset = Double(rows - events.count) * Self.rowHeight / 2
        var eventY: [String: Double] = [:]
        for (row, node) in events.enumerated() {
            eventY[node.key] = top + eventOffset + Double(row) * Self.rowHeight
            y["1:\(node.key)"] = (1, top + eventOffset + Double(row) * Self.rowHeight)
        }
        for (column, nodes, edges, serviceFirst) in [(0, producers, produceEdges, true), (2, consumers, consumeEdges, false)] {
            var sums: [String: (Double, Double)] = [:]
            for (a, b) in edges {
                let (service, event) = serviceFirst ? (a, b) : (b, a)
                guard let position = eventY[event] else { continue }
                let current = sums[service] ?? (0, 0)
                sums[service] = (current.0 + position, current.1 + 1)
            }
            let desired = nodes.enumerated().map { offset, node -> Double in
                if let (sum, count) = sums[node.key], count > 0 { return sum / count }
                return top + Double(offset) * Self.rowHeight
            }
            for (node, position) in zip(nodes, Self.spread(desired, top: top, bottom: bottom, gap: Self.rowHeight)) {
                y["\(column):\(node.key)"] = (column, position)
            }
        }
        func x(_ column: Int) -> Double { Double(column) * (Self.columnWidth + Self.gap) }
        var out = "<svg class=\"graph\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(fmt(width)) \(fmt(height))\" "
        // No role="img": the boxes are links, which an image would hide from assistive technology;
        // `table(root:caption:)` is the text alternative beside it.
        out += "width=\"\(fmt(width))\" height=\"\(fmt(height))\" aria-label=\"\(HTMLText.escape(title))\">"
        out += "<title>\(HTMLText.escape(title))</title>"
        for (column, heading) in ["Producers", "Events", "Consumers"].enumerated() {
            out += "<text class=\"graph-heading\" x=\"\(fmt(x(column) + Self.columnWidth / 2))\" y=\"16\" text-anchor=\"middle\">\(heading)</text>"
        }
        func edge(_ from: (column: Int, y: Double)?, _ to: (column: Int, y: Double)?, highlighted: Bool) {
            guard let from, let to else { return }
            let x1 = x(from.column) + Self.columnWidth, x2 = x(to.column)
            let mid = (x1 + x2) / 2
            out += "<path class=\"graph-edge\(highlighted ? " graph-edge-on" : "")\" d=\"M\(fmt(x1)) \(fmt(from.y)) C\(fmt(mid)) \(fmt(from.y)) \(fmt(mid)) \(fmt(to.y)) \(fmt(x2)) \(fmt(to.y))\"/>"
        }
        let highlightedKeys = Set(columns.joined().filter(\.highlighted).map(\.key))
        for (producer, event) in produceEdges {
            edge(y["0:\(producer)"], y["1:\(event)"], highlighted: highlightedKeys.contains(producer) || highlightedKeys.contains(event))
        }
        for (event, consumer) in consumeEdges {
            edge(y["1:\(event)"], y["2:\(consumer)"], highlighted: highlightedKeys.contains(consumer) || highlightedKeys.contains(event))
        }
        for (column, nodes) in columns.enumerated() {
            for node in nodes {
                guard let position = y["\(column):\(node.key)"] else { continue }
                let top = position.y - Self.boxHeight / 2
                let classes = "graph-node graph-\(node.kind.rawValue)" + (node.highlighted ? " graph-node-on" : "")
                out += "<a href=\"\(HTMLText.escape(root + node.url))\" class=\"\(classes)\">"
                out += "<title>\(HTMLText.escape(node.label))</title>"
                out += "<rect x=\"\(fmt(x(column)))\" y=\"\(fmt(top))\" width=\"\(fmt(Self.columnWidth))\" height=\"\(fmt(Self.boxHeight))\" rx=\"6\"/>"
                out += "<text x=\"\(fmt(x(column) + 10))\" y=\"\(fmt(position.y + 4.5))\">\(HTMLText.escape(Self.truncated(node.label)))</text></a>"
            }
        }
        return out + "</svg>"
    }

    /// The graph's text alternative: a table with a row per event, its producers and its consumers, all links, in a
    /// `<details>` that opens without JavaScript. Empty when the graph is.
    func table(root: String, caption: String) -> String {
        guard !events.isEmpty else { return "" }
        var services: [String: Node] = [:]
        for node in producers + consumers { services[node.key] = node }
        var producersOf: [String: [Node]] = [:], consumersOf: [String: [Node]] = [:]
        for (service, event) in produceEdges { if let node = services[service] { producersOf[event, default: []].append(node) } }
        for (event, service) in consumeEdges { if let node = services[service] { consumersOf[event, default: []].append(node) } }
        func link(_ node: Node) -> String {
            "<a href=\"\(HTMLText.escape(root + node.url))\"\(node.kind == .event ? " class=\"mono\"" : "")>\(HTMLText.escape(node.label))</a>"
        }
        func cell(_ nodes: [Node]?) -> String {
            guard let nodes, !nodes.isEmpty else { return "<td class=\"muted\">none</td>" }
            return "<td>" + nodes.map(link).joined(separator: ", ") + "</td>"
        }
        var out = "<details class=\"graph-text\"><summary>The graph as a table</summary>"
        out += "<table class=\"table\"><caption class=\"visually-hidden\">\(HTMLText.escape(caption))</caption>"
        out += "<thead><tr><th scope=\"col\">Produced by</th><th scope=\"col\">Event</th><th scope=\"col\">Consumed by</th></tr></thead><tbody>"
        for event in events {
            out += "<tr>" + cell(producersOf[event.key]) + "<th scope=\"row\">" + link(event) + "</th>" + cell(consumersOf[event.key]) + "</tr>"
        }
        return out + "</tbody></table></details>"
    }

    /// Positions as close to `desired` as possible, in the same order, at least `gap` apart, within [top, bottom].
    static func spread(_ desired: [Double], top: Double, bottom: Double, gap: Double) -> [Double] {
        var placed: [Double] = []
        for value in desired {
            placed.append(max(value, (placed.last ?? top - gap) + gap, top))
        }
        // Pushed past the bottom: slide the tail back up, keeping the gaps.
        var limit = bottom
        for index in placed.indices.reversed() {
            if placed[index] > limit { placed[index] = limit }
            limit = placed[index] - gap
        }
        return placed
    }

    static func truncated(_ label: String) -> String {
        label.count <= maximumLabel ? label : String(label.prefix(maximumLabel - 1)) + "…"
    }

    private func fmt(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format1(value))
    }

    private func format1(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }
}
