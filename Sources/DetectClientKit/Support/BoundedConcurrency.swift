/// Runs `body` for every index in `0..<count` with at most `limit` running at once, starting them in index order,
/// and returns the results in index order.
func mapConcurrently<T: Sendable>(
    count: Int, limit: Int, _ body: @escaping @Sendable (Int) async -> T
) async -> [T] {
    guard count > 0 else { return [] }
    return await withTaskGroup(of: (Int, T).self) { group in
        var results = [T?](repeating: nil, count: count)
        var next = 0
        while next < min(max(1, limit), count) {
            let index = next
            group.addTask { (index, await body(index)) }
            next += 1
        }
        while let (index, value) = await group.next() {
            results[index] = value
            if next < count {
                let index = next
                group.addTask { (index, await body(index)) }
                next += 1
            }
        }
        return results.map { $0! }
    }
}
