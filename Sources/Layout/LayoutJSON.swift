/// The layout as JSON, linear in the graph: a line that several edges run along is written once.
///
///     {"width": W, "height": H,
///      "nodes": [{"id", "x", "y", "w", "h"}],
///      "trunks": [{"from": 0, "points": [[x, y], ...]}],
///      "edges": [{"from", "to", "slot", "points": [[x, y], ...]},
///                {"from", "to", "slot", "trunk": 0, "along": 5, "points": [[x, y], ...]}]}
///
/// An edge within one gap has its whole path in `points`. An edge that crosses more gaps runs
/// along its source's trunk first: its path is the first `along` points of `trunks[trunk]`, then
/// its own `points` (joined dropping a repeated point and points in the middle of a straight run).
public enum LayoutJSON {
    public static func render(_ layout: Layout) -> String {
        String(decoding: bytes(layout), as: UTF8.self)
    }

    /// The JSON as UTF-8, without a copy into a string.
    public static func bytes(_ layout: Layout) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 * layout.boxes.count)
        func put(_ text: String) { out.append(contentsOf: text.utf8) }
        func put(_ number: Int) { out.append(contentsOf: String(number).utf8) }
        func put(_ points: [Point]) {
            out.append(UInt8(ascii: "["))
            for (i, p) in points.enumerated() {
                if i > 0 { put(", ") }
                out.append(UInt8(ascii: "["))
                put(p.x)
                put(", ")
                put(p.y)
                out.append(UInt8(ascii: "]"))
            }
            out.append(UInt8(ascii: "]"))
        }
        put("{\n\"width\": "); put(layout.width); put(",\n\"height\": "); put(layout.height); put(",\n\"nodes\": [\n")
        for (id, box) in layout.boxes.enumerated() {
            if id > 0 { put(",\n") }
            put("{\"id\": "); put(id); put(", \"x\": "); put(box.x); put(", \"y\": "); put(box.y)
            put(", \"w\": "); put(box.width); put(", \"h\": "); put(box.height); put("}")
        }
        let (trunks, edges) = layout.sharedRoutes
        put("\n],\n\"trunks\": [\n")
        for (i, trunk) in trunks.enumerated() {
            if i > 0 { put(",\n") }
            put("{\"from\": "); put(trunk.from); put(", \"points\": "); put(trunk.points); put("}")
        }
        put("\n],\n\"edges\": [\n")
        for (i, edge) in edges.enumerated() {
            if i > 0 { put(",\n") }
            put("{\"from\": "); put(edge.from); put(", \"to\": "); put(edge.to); put(", \"slot\": "); put(edge.slot)
            if let trunk = edge.trunk { put(", \"trunk\": "); put(trunk); put(", \"along\": "); put(edge.along) }
            put(", \"points\": "); put(edge.points); put("}")
        }
        put("\n]\n}\n")
        return out
    }
}
