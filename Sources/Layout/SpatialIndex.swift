/// Buckets of rows, so a viewport finds its boxes and lines without looking at the whole graph.
struct SpatialIndex: Sendable {
    private static let bucketRows = 32
    private var boxBuckets: [[Int]]
    private var segmentBuckets: [[Int]]

    init(boxes: [Rect], segments: [Segment], height: Int) {
        let count = height / Self.bucketRows + 1
        boxBuckets = Array(repeating: [], count: count)
        segmentBuckets = Array(repeating: [], count: count)
        for (i, box) in boxes.enumerated() {
            for b in Self.buckets(box.y, box.maxY - 1, count) { boxBuckets[b].append(i) }
        }
        for (i, segment) in segments.enumerated() {
            for b in Self.buckets(segment.start.y, segment.end.y, count) { segmentBuckets[b].append(i) }
        }
    }

    private static func buckets(_ top: Int, _ bottom: Int, _ count: Int) -> ClosedRange<Int> {
        let first = min(count - 1, max(0, top / bucketRows)), last = min(count - 1, max(0, bottom / bucketRows))
        return first...max(first, last)
    }

    func boxes(in rect: Rect) -> [Int] { collect(boxBuckets, rect) }
    func segments(in rect: Rect) -> [Int] { collect(segmentBuckets, rect) }

    private func collect(_ buckets: [[Int]], _ rect: Rect) -> [Int] {
        guard rect.height > 0, !buckets.isEmpty else { return [] }
        let range = Self.buckets(rect.y, rect.maxY - 1, buckets.count)
        if range.count == 1 { return buckets[range.lowerBound] }
        var seen = Set<Int>()
        var out: [Int] = []
        for b in range { for i in buckets[b] where seen.insert(i).inserted { out.append(i) } }
        return out
    }
}
