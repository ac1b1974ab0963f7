import Foundation

extension ShardFileList {
    /// The bytes of the files at `paths` together, for the bar of a progress line; a file
    /// that cannot be read counts 0 (the command that reads it reports why).
    public static func totalSize(of paths: [String]) -> Int {
        paths.reduce(0) { total, path in
            total + (((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0)
        }
    }
}
