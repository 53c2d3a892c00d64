import Foundation

extension Theme {
    /// Loads a theme by name from the theme folders, or from a path.
    public static func load(_ nameOrPath: String, folders: [String]) throws -> Theme {
        let candidates = nameOrPath.contains("/") ? [nameOrPath] : folders.map { "\($0)/\(nameOrPath).theme" }
        for path in candidates {
            if let text = try? String(contentsOfFile: path, encoding: .utf8) {
                return try parse(
                    text, name: (path as NSString).lastPathComponent.replacingOccurrences(of: ".theme", with: ""))
            }
        }
        throw ParseError(description: "no theme '\(nameOrPath)' (looked in \(candidates.joined(separator: ", ")))")
    }
}
