import Layout

/// The layout as JSON: `{"width", "height", "nodes": [{"id", "x", "y", "w", "h"}],
/// "edges": [{"from", "to", "slot", "points": [[x, y], ...]}]}`.
enum LayoutJSON {
    static func render(_ layout: Layout) -> String {
        var out = "{\n\"width\": \(layout.width),\n\"height\": \(layout.height),\n\"nodes\": [\n"
        out += layout.boxes.enumerated().map { id, box in
            "{\"id\": \(id), \"x\": \(box.x), \"y\": \(box.y), \"w\": \(box.width), \"h\": \(box.height)}"
        }.joined(separator: ",\n")
        out += "\n],\n\"edges\": [\n"
        out += layout.edges.map { edge in
            let points = edge.points.map { "[\($0.x), \($0.y)]" }.joined(separator: ", ")
            return "{\"from\": \(edge.from), \"to\": \(edge.to), \"slot\": \(edge.slot), \"points\": [\(points)]}"
        }.joined(separator: ",\n")
        return out + "\n]\n}\n"
    }
}
