import ArgumentParser
import TFRecord
import TFRecordPipeline

extension CSVEngine: ExpressibleByArgument {}
extension CSVHeaderMode: ExpressibleByArgument {}
extension PixelEncoding: ExpressibleByArgument {}
extension BadRowPolicy: ExpressibleByArgument {}
extension LabelSource: ExpressibleByArgument {}

/// `--label-column N|none`.
enum LabelColumnArgument: ExpressibleByArgument, Equatable {
    case index(Int)
    case none

    init?(argument: String) {
        if argument == "none" {
            self = .none
        } else if let index = Int(argument), index >= 0 {
            self = .index(index)
        } else {
            return nil
        }
    }

    var column: Int? {
        if case .index(let i) = self { return i }
        return nil
    }

    var defaultValueDescription: String { "0" }
}

extension ShardNameTemplate: ExpressibleByArgument {
    public init?(argument: String) {
        try? self.init(argument)
    }
}

/// When to draw a progress bar.
enum ProgressMode: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}
