/// A scrollable, filterable selection over rows: the state every table pane shares.
public struct ListState<Row: Sendable>: Sendable {
    /// Set only through `load`, which also forgets the filter texts made for the old rows.
    public private(set) var rows: [Row] = []
    /// Rows passing the filter, as indices into `rows`.
    public private(set) var visible: [Int] = []
    public var selected = 0
    public var scroll = 0
    public var filter = ""
    /// Each row's filter text, lowercased as UTF-8, made at the first filtered keystroke after
    /// a load: typing into the filter of a 180,000-event timeline must not build 180,000
    /// strings per key.
    private var searchTexts: [[UInt8]]?
    /// What each filter text typed since the rows or the other filters last changed showed:
    /// a longer text searches only what a text it contains showed, and backspace finds the
    /// shorter one here.
    private var typed: [[UInt8]: [Int]] = [:]

    public init() {}

    public var selectedRow: Row? { visible.indices.contains(selected) ? rows[visible[selected]] : nil }

    /// Replaces the rows, keeping the filter and, as far as possible, the position.
    ///
    /// - Parameters:
    ///   - newRows: the rows.
    ///   - text: what the filter searches in a row.
    ///   - include: the other filters.
    ///   - texts: each row's `searchText` of `text`, when made beforehand.
    public mutating func load(
        _ newRows: [Row], matching text: (Row) -> String, where include: (Row) -> Bool = { _ in true },
        texts: [[UInt8]]? = nil
    ) {
        rows = newRows
        searchTexts = texts?.count == newRows.count ? texts : nil
        applyFilter(text, where: include)
    }

    /// What the filter searches in a row's text: lowercased UTF-8.
    static func searchText(_ text: String) -> [UInt8] { Array(text.lowercased().utf8) }

    /// Shows the rows that `include` keeps and whose text contains the typed filter.
    ///
    /// - Parameters:
    ///   - text: what the filter searches in a row.
    ///   - include: the other filters.
    ///   - typing: only the filter text changed since the last call (a key typed into it), so
    ///     earlier results narrow the search; otherwise they are forgotten.
    public mutating func applyFilter(
        _ text: (Row) -> String, where include: (Row) -> Bool = { _ in true }, typing: Bool = false
    ) {
        let needle = Array(filter.lowercased().utf8)
        if !typing { typed = [:] }
        if let known = typed[needle] {
            visible = known
        } else if needle.isEmpty {
            visible = rows.indices.filter { include(rows[$0]) }
        } else {
            if searchTexts?.count != rows.count { searchTexts = rows.map { Self.searchText(text($0)) } }
            let texts = searchTexts ?? []
            // A row holding this text holds every text within it: search what the longest
            // such text showed.
            let within = typed.filter { Self.contains(needle, $0.key) }.max { $0.key.count < $1.key.count }?.value
            visible = (within ?? rows.indices.filter { include(rows[$0]) }).filter { Self.contains(texts[$0], needle) }
        }
        typed[needle] = visible
        selected = min(selected, max(0, visible.count - 1))
    }

    public mutating func move(by delta: Int, page: Int) {
        guard !visible.isEmpty else { return }
        selected = max(0, min(visible.count - 1, selected + delta))
        keepInView(page: page)
    }

    public mutating func keepInView(page: Int) {
        if selected < scroll { scroll = selected }
        if page > 0, selected >= scroll + page { scroll = selected - page + 1 }
        scroll = max(0, min(scroll, max(0, visible.count - page)))
    }

    /// Whether `needle` occurs in `haystack`, byte by byte (both lowercased UTF-8, so a match
    /// of bytes is a match of text).
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return needle.isEmpty }
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pin in
                let last = hay.count - pin.count
                var i = 0
                while i <= last {
                    if hay[i] == first {
                        var j = 1
                        while j < pin.count, hay[i + j] == pin[j] { j += 1 }
                        if j == pin.count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }
}
