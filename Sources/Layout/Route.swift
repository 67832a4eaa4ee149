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

    /// Routes the nets of one gap; returns them and how many tracks were used.
    static func route(_ nets: [Net]) -> (nets: [Net], tracks: Int) {
        var nets = nets
        var pieces: [Piece] = []
        var usedRows = Set<Int>()
        for (i, net) in nets.enumerated() {
            usedRows.insert(net.sourceRow)
            usedRows.formUnion(net.targetRows)
            if net.targetRows != [net.sourceRow] {
                pieces.append(Piece(net: i, sourceRow: net.sourceRow, targetRows: net.targetRows, isFirstHalf: false))
            }
        }
        var track = [Int?](repeating: nil, count: pieces.count)
        var current = 0
        var remaining = pieces.count
        while remaining > 0 {
            let mustBeLeft = leftConstraints(pieces)
            var ready: [Int] = []
            for p in pieces.indices where track[p] == nil {
                if mustBeLeft[p].allSatisfy({ track[$0].map { $0 < current } ?? false }) { ready.append(p) }
            }
            if ready.isEmpty {
                let p = pieceOnCycle(mustBeLeft, track)
                let free = freeRow(near: pieces[p].sourceRow, usedRows)
                usedRows.insert(free)
                var first = pieces[p]
                first.targetRows = [free]
                first.isFirstHalf = true
                pieces[p].sourceRow = free
                pieces.append(first)
                track.append(nil)
                remaining += 1
                continue
            }
            ready.sort { pieces[$0].lo < pieces[$1].lo }
            var bottom = Int.min
            for p in ready where pieces[p].lo > bottom {
                track[p] = current
                bottom = pieces[p].hi
                remaining -= 1
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

    /// For each piece, the pieces that must take a track to its left: those whose exit row is
    /// one of its arrival rows (else their horizontals would overlap), and a dogleg's first half.
    private static func leftConstraints(_ pieces: [Piece]) -> [[Int]] {
        var arrivingAt: [Int: Int] = [:]
        var firstHalf: [Int: Int] = [:]
        for (p, piece) in pieces.enumerated() {
            for row in piece.targetRows { arrivingAt[row] = p }
            if piece.isFirstHalf { firstHalf[piece.net] = p }
        }
        var mustBeLeft = [[Int]](repeating: [], count: pieces.count)
        for (p, piece) in pieces.enumerated() {
            if let q = arrivingAt[piece.sourceRow], pieces[q].net != piece.net { mustBeLeft[q].append(p) }
            if !piece.isFirstHalf, let first = firstHalf[piece.net] { mustBeLeft[p].append(first) }
        }
        return mustBeLeft
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

    private static func freeRow(near row: Int, _ used: Set<Int>) -> Int {
        var distance = 1
        while true {
            if !used.contains(row + distance) { return row + distance }
            if !used.contains(row - distance) { return row - distance }
            distance += 1
        }
    }
}
