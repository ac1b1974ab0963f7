import ArgumentParser
import TFRecord
import TFRecordConversion
import TFRecordShards
import TFRecordSources
import TFRecordTransform
import Foundation
import TFRecordPixels

extension ConversionEngine: ExpressibleByArgument {}
extension Layout: ExpressibleByArgument {}
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

/// `--normalize none|scale|standardize`.
enum NormalizeArgument: String, ExpressibleByArgument, CaseIterable {
    case none, scale, standardize
}

/// A comma-separated list of numbers: `--mean 33.3` or `--mean 125.3,123.0,113.9`.
struct FloatListArgument: ExpressibleByArgument {
    var values: [Float]

    init?(argument: String) {
        let parts = argument.split(separator: ",").map { Float($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else { return nil }
        values = parts.map { $0! }
    }
}
