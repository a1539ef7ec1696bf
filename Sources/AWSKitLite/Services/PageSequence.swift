/// The pages of a paginated AWS listing (ListObjectsV2, Scan, ...), fetched lazily one call per page, in order.
///
/// Iteration ends after the page that carries no continuation token; an error from a call ends it by throwing.
public struct PageSequence<Page: Sendable, Token: Sendable>: AsyncSequence, Sendable {
    public typealias Element = Page

    private let firstToken: Token?
    private let fetch: @Sendable (Token?) async throws -> (page: Page, next: Token?)

    /// `fetch(nil)` returns the first page; `fetch(token)` the page after the one that returned `token`.
    init(firstToken: Token? = nil, fetch: @escaping @Sendable (Token?) async throws -> (page: Page, next: Token?)) {
        self.firstToken = firstToken
        self.fetch = fetch
    }

    /// Fetches one page per `next()`; not shared between tasks.
    public struct AsyncIterator: AsyncIteratorProtocol {
        fileprivate var token: Token?
        fileprivate var finished = false
        fileprivate let fetch: @Sendable (Token?) async throws -> (page: Page, next: Token?)

        public mutating func next() async throws -> Page? {
            guard !finished else { return nil }
            let (page, next) = try await fetch(token)
            token = next
            finished = next == nil
            return page
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(token: firstToken, fetch: fetch)
    }
}
