/// A scrollable, filterable selection over rows: the state every table pane shares.
public struct ListState<Row: Sendable>: Sendable {
    public var rows: [Row] = []
    /// Rows passing the filter, as indices into `rows`.
    public private(set) var visible: [Int] = []
    public var selected = 0
    public var scroll = 0
    public var filter = ""

    public init() {}

    public var selectedRow: Row? { visible.indices.contains(selected) ? rows[visible[selected]] : nil }

    /// Replaces the rows, keeping the filter and, as far as possible, the position.
    public mutating func load(
        _ newRows: [Row], matching text: (Row) -> String, where include: (Row) -> Bool = { _ in true }
    ) {
        rows = newRows
        applyFilter(text, where: include)
    }

    /// Shows the rows that `include` keeps and whose text contains the typed filter.
    public mutating func applyFilter(_ text: (Row) -> String, where include: (Row) -> Bool = { _ in true }) {
        let needle = filter.lowercased()
        visible = rows.indices.filter {
            include(rows[$0]) && (needle.isEmpty || text(rows[$0]).lowercased().contains(needle))
        }
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
}
