/// Phase 5: the lines in each gap between two columns, as vertical tracks.
///
/// Expects: rows from `Position`.
/// Guarantees: each value that goes on from a column (a "net") gets one vertical track in the
/// gap, its trunk: it enters at its exit row and branches out to every row it feeds. Nets that
/// need no turn run straight and take no track. Two nets never share a cell except where one
/// crosses the other at a right angle: trunks on one track never overlap, and a net whose exit
/// row is another net's arrival row is kept to the left of it. When such constraints form a
/// cycle, one net takes a dogleg through a free row on an extra track.
struct GapRouter {
    /// How one net crosses the gap.
    struct Net {
        var source: Int
        var sourceRow: Int
        var targetRows: [Int]
        /// nil for a straight net.
        var track: Int?
        /// A first track and the free row it turns on before reaching `track`.
        var dogleg: (track: Int, row: Int)?
    }

    /// A vertical run that needs a track: a whole net, or one half of a dogleg.
    private struct Piece {
        var net: Int
        var sourceRow: Int
        var targetRows: [Int]
        var isFirstHalf: Bool
        var lo: Int { min(sourceRow, targetRows.min()!) }
        var hi: Int { max(sourceRow, targetRows.max()!) }
    }

    /// Routes every gap from rows alone: each gap's nets, by source, and its track count (x
    /// positions follow from the track counts, in `Packing`).
    static func routeGaps(_ graph: LayeredGraph, _ layers: [[Int]], top: [Int]) -> (nets: [Net?], tracks: [Int]) {
        var routed = [Net?](repeating: nil, count: graph.count)
        var tracks = [Int](repeating: 0, count: graph.columnCount)
        for c in 0..<max(0, graph.columnCount - 1) {
            var nets: [Net] = []
            for source in layers[c] where !graph.outgoing[source].isEmpty {
                let rows = graph.outgoing[source].map { top[$0.target] + $0.offset }.sorted()
                nets.append(Net(source: source, sourceRow: top[source] + graph.exitOffset[source], targetRows: rows))
            }
            let result = route(nets)
            tracks[c] = result.tracks
            for net in result.nets { routed[net.source] = net }
        }
        return (routed, tracks)
    }

    /// Routes the nets of one gap; returns them and how many tracks were used.
    /// - Complexity: O(P log P + P × T) for P nets and T tracks.
    static func route(_ nets: [Net]) -> (nets: [Net], tracks: Int) {
        var nets = nets
        var pieces: [Piece] = []
        for (i, net) in nets.enumerated() where net.targetRows != [net.sourceRow] {
            pieces.append(Piece(net: i, sourceRow: net.sourceRow, targetRows: net.targetRows, isFirstHalf: false))
        }
        guard !pieces.isEmpty else { return (nets, 0) }
        var constraints = Constraints(pieces)
        var track = [Int?](repeating: nil, count: pieces.count)
        // Pieces whose left-hand constraints are all on earlier tracks, by their top row.
        var ready = pieces.indices.filter { constraints.waiting[$0] == 0 }
        var current = 0
        var remaining = pieces.count
        while remaining > 0 {
            if ready.isEmpty {
                breakCycle(&pieces, &track, nets, constraints.mustBeLeft)
                remaining += 1
                constraints = Constraints(pieces, placed: track)
                ready = pieces.indices.filter { track[$0] == nil && constraints.waiting[$0] == 0 }
                continue
            }
            let placed = fill(track: current, from: &ready, pieces, &track)
            remaining -= placed.count
            // Pieces placed on this track free the ones to their right for the next track.
            for q in placed {
                for p in constraints.dependents[q] {
                    constraints.waiting[p] -= 1
                    if constraints.waiting[p] == 0 && track[p] == nil { ready.append(p) }
                }
            }
            current += 1
        }
        for (p, piece) in pieces.enumerated() {
            if piece.isFirstHalf {
                nets[piece.net].dogleg = (track[p]!, piece.targetRows[0])
            } else {
                nets[piece.net].track = track[p]
            }
        }
        return (nets, current)
    }

    /// Every constraint left is on a cycle: one piece on it takes a dogleg, its first half to a
    /// free row (a new piece), its second half from there.
    private static func breakCycle(_ pieces: inout [Piece], _ track: inout [Int?], _ nets: [Net], _ mustBeLeft: [[Int]]) {
        let p = pieceOnCycle(mustBeLeft, track)
        let free = freeRow(near: pieces[p].sourceRow, nets, pieces)
        var first = pieces[p]
        first.targetRows = [free]
        first.isFirstHalf = true
        pieces[p].sourceRow = free
        pieces.append(first)
        track.append(nil)
    }

    /// Puts on track `current` the ready pieces that fit one below the other, top first; the
    /// rest stay ready. Returns the pieces placed.
    private static func fill(track current: Int, from ready: inout [Int], _ pieces: [Piece], _ track: inout [Int?]) -> [Int] {
        ready.sort { pieces[$0].lo < pieces[$1].lo }
        var bottom = Int.min
        var placed: [Int] = [], left: [Int] = []
        for p in ready {
            if pieces[p].lo > bottom {
                track[p] = current
                bottom = pieces[p].hi
                placed.append(p)
            } else {
                left.append(p)
            }
        }
        ready = left
        return placed
    }

    /// Which pieces must take a track left of which: a piece whose exit row is another's arrival
    /// row goes left of it (else their horizontals would overlap), and a dogleg's first half
    /// goes left of its second.
    private struct Constraints {
        var mustBeLeft: [[Int]]
        var dependents: [[Int]]
        /// How many of a piece's left-hand pieces are not yet placed.
        var waiting: [Int]

        init(_ pieces: [Piece], placed: [Int?]? = nil) {
            var arrivingAt: [Int: Int] = [:]
            var firstHalf: [Int: Int] = [:]
            for (p, piece) in pieces.enumerated() {
                for row in piece.targetRows { arrivingAt[row] = p }
                if piece.isFirstHalf { firstHalf[piece.net] = p }
            }
            mustBeLeft = Array(repeating: [], count: pieces.count)
            dependents = Array(repeating: [], count: pieces.count)
            waiting = Array(repeating: 0, count: pieces.count)
            func require(_ left: Int, leftOf right: Int) {
                mustBeLeft[right].append(left)
                dependents[left].append(right)
                if placed?[left] == nil { waiting[right] += 1 }
            }
            for (p, piece) in pieces.enumerated() {
                if let q = arrivingAt[piece.sourceRow], pieces[q].net != piece.net { require(p, leftOf: q) }
                if !piece.isFirstHalf, let first = firstHalf[piece.net] { require(first, leftOf: p) }
            }
        }
    }

    /// A piece on a cycle of constraints, found by walking unplaced constraints until one repeats.
    private static func pieceOnCycle(_ mustBeLeft: [[Int]], _ track: [Int?]) -> Int {
        var p = track.firstIndex { $0 == nil }!
        var seen = Set<Int>()
        while seen.insert(p).inserted {
            p = mustBeLeft[p].first { track[$0] == nil }!
        }
        return p
    }

    /// The row nearest `row` that no net in the gap leaves or arrives on.
    private static func freeRow(near row: Int, _ nets: [Net], _ pieces: [Piece]) -> Int {
        var used = Set<Int>()
        for net in nets {
            used.insert(net.sourceRow)
            used.formUnion(net.targetRows)
        }
        for piece in pieces {
            used.insert(piece.sourceRow)
            used.formUnion(piece.targetRows)
        }
        var distance = 1
        while true {
            if !used.contains(row + distance) { return row + distance }
            if !used.contains(row - distance) { return row - distance }
            distance += 1
        }
    }
}

extension GapRouter.Net {
    /// Where the net's line turns on its way from its exit row to `row`, as (track, row) corners:
    /// none for a straight net; through the dogleg's free row first if it has one.
    func turns(to row: Int) -> [(track: Int, row: Int)] {
        guard let track else { return [] }
        guard let dogleg else { return [(track, sourceRow), (track, row)] }
        return [(dogleg.track, sourceRow), (dogleg.track, dogleg.row), (track, dogleg.row), (track, row)]
    }
}
