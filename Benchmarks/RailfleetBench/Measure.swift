import Foundation

/// Times closures and prints medians and percentiles with their workload.
enum Measure {
    /// The process's resident memory in MB, from /proc/self/statm.
    static func residentMB() -> Double {
        let statm = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? ""
        let pages = Double(statm.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0)
        return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }

    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
    }

    static func median(_ values: [Double]) -> Double { percentile(values, 0.5) }

    static func report(_ name: String, _ workload: String, _ figures: String) {
        print(String(format: "%-44@ %@", name as NSString, figures))
        print("    workload: \(workload)")
    }

    static func µs(_ s: Double) -> String { String(format: "%.1f µs", s * 1e6) }
    static func ms(_ s: Double) -> String { String(format: "%.2f ms", s * 1e3) }
}

/// A scratch folder removed at exit.
final class Scratch {
    let url: URL
    /// - Parameter parent: where the folder goes: the system's temporary folder by default.
    init(in parent: URL = FileManager.default.temporaryDirectory) {
        url = parent.appendingPathComponent("railfleet-bench-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    deinit { try? FileManager.default.removeItem(at: url) }
}
