/// File ids to what they stand for: an array while ids are small and non-negative (the exporter
/// numbers values 0..<n), a hash table for any other ids a file uses.
struct IDMap<Value> {
    private var dense: [Value?]
    private var sparse: [Int: Value] = [:]

    /// A map for a file of `count` values.
    init(count: Int) {
        dense = Array(repeating: nil, count: count)
    }

    var count: Int { dense.count }

    subscript(id: Int) -> Value? {
        get { id >= 0 && id < dense.count ? dense[id] : sparse[id] }
        set {
            if id >= 0 && id < dense.count { dense[id] = newValue } else { sparse[id] = newValue }
        }
    }
}

extension IDMap: Sendable where Value: Sendable {}
