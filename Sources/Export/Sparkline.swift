/// A series as eight-level blocks scaled between its own least and greatest, for a table's
/// cell in a terminal; an undefined value is a space, a flat series the middle block.
public enum Sparkline {
    static let blocks = Array("▁▂▃▄▅▆▇█")

    public static func text(_ values: [Double?], width: Int = .max) -> String {
        let shown = Array(values.suffix(width))
        let known = shown.compactMap { $0 }
        guard let low = known.min(), let high = known.max() else { return "" }
        return String(
            shown.map { v in
                guard let v else { return " " }
                return high > low ? blocks[min(7, Int((v - low) / (high - low) * 7.999))] : blocks[3]
            })
    }
}
