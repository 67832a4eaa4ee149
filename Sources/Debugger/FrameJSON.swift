import Autograd
import Canvas
import Export
import Layout

/// A frame as JSON, for tests and tools: the text rows, where the panes are, every value box
/// drawn and every line's cells, in screen coordinates.
///
/// `{"width", "height", "step", "steps", "zoom", "view", "rows": [...], "panes": {"graph", "topo",
/// "step"}, "boxes": [{"id", "x", "y", "w", "h"}], "edges": [{"from", "to", "slot", "active",
/// "cells": [[x, y], ...]}]}`; `steps` is the last step (the N of the header's `step k/N`); `fold`
/// `{shown, items}` in the folded view, `search` `{event, events}` in build_topo's search, else null.
public enum FrameJSON {
    public static func render(_ state: DebuggerState, width: Int, height: Int) -> String {
        let composed = Screen.compose(state, width: width, height: height)
        var out = "{\n\"width\": \(width),\n\"height\": \(height),\n\"step\": \(state.cursor.step),\n"
        out += "\"steps\": \(state.lastStep),\n"
        out += "\"rows\": [\n" + composed.grid.lines.map(TraceJSON.string).joined(separator: ",\n") + "\n],\n"
        guard let panes = composed.panes, let pane = composed.graphPane else {
            return out + "\"zoom\": null,\n\"view\": null,\n\"panes\": null,\n\"boxes\": [],\n\"edges\": []\n}\n"
        }
        let scene = pane.scene
        out += "\"zoom\": \"\(scene.zoom.rawValue)\",\n\"view\": \"\(scene.kind.rawValue)\",\n"
        out += "\"fold\": " + (scene.foldedShown.map { "{\"shown\": \($0.shown), \"items\": \($0.items)}" } ?? "null") + ",\n"
        out += "\"search\": " + (state.searchProgress.map { "{\"event\": \($0.count), \"events\": \($0.events)}" } ?? "null") + ",\n"
        func rect(_ r: Rect) -> String { "{\"x\": \(r.x), \"y\": \(r.y), \"w\": \(r.width), \"h\": \(r.height)}" }
        out += "\"panes\": {\"graph\": \(rect(panes.graph)), \"topo\": \(panes.topo.width > 0 ? rect(panes.topo) : "null"), "
        out += "\"step\": \(rect(panes.step))},\n"

        let area = panes.graph
        let view = scene.viewport(area)
        func screen(_ x: Int, _ y: Int) -> (Int, Int) { (x - view.x + area.x, y - view.y + area.y) }
        let layout = scene.layout
        let drawn = layout.boxes(in: view).sorted()
        // In the folded view a folded call's box (or a group's) has no value's id: its call instead.
        func id(_ local: Int) -> String { scene.foldedItem(local) == nil ? String(scene.node(local)) : "null" }
        func folded(_ local: Int) -> String {
            guard let folding = scene.folding, let item = scene.foldedItem(local) else { return "" }
            let index = scene.foldedItems[local]
            let (title, detail) = folding.words(index, state.graph, arrow: "->")
            var kind = "group", call = "null", name = title, times = ""
            if case .call(let c) = item { (kind, call) = ("call", String(c)) }
            if case .repeats(let r) = item {
                (kind, name, times) = ("repeats", folding.repeated[r].name, ", \"times\": \(folding.repeated[r].count)")
            }
            return ", \"folded\": {\"kind\": \"\(kind)\", \"call\": \(call), \"name\": \(TraceJSON.string(name))\(times), "
                + "\"values\": \(folding.held[index]), \"in\": \(folding.inputs[index]), \"out\": \(folding.outputs[index]), "
                + "\"lost\": \(GraphPane.hasLost(state, folding, item: index)), \"detail\": \(TraceJSON.string(detail))}"
        }
        out += "\"boxes\": [\n" + drawn.map { local in
            let box = layout.boxes[local]
            let (x, y) = screen(box.x, box.y)
            return "{\"id\": \(id(local)), \"x\": \(x), \"y\": \(y), \"w\": \(box.width), \"h\": \(box.height)\(folded(local))}"
        }.joined(separator: ",\n") + "\n],\n"

        let active = Set(pane.activeEdges().map { [$0.to, $0.slot] })
        var edges: [String] = []
        for v in layout.boxes.indices where layout.boxes[v].x >= view.x {
            for (k, edge) in layout.edges(into: v).enumerated() where layout.boxes[edge.from].maxX <= view.maxX {
                let cells = EdgeCells(points: edge.points).cells().filter { view.contains(Point(x: $0.x, y: $0.y)) }
                guard !cells.isEmpty else { continue }
                let list = cells.map { c in let (x, y) = screen(c.x, c.y); return "[\(x), \(y)]" }.joined(separator: ", ")
                let slot = scene.slot(v, k)
                edges.append("{\"from\": \(id(edge.from)), \"to\": \(id(v)), \"slot\": \(slot), "
                             + "\"active\": \(active.contains([v, k])), \"cells\": [\(list)]}")
            }
        }
        return out + "\"edges\": [\n" + edges.joined(separator: ",\n") + "\n]\n}\n"
    }
}
