import Foundation
import TFRecord

/// Builders for `tf.train.Feature`s, Examples and SequenceExamples in tests.
enum Features {
    static func int64(_ values: [Int64]) -> Tensorflow_Feature {
        var feature = Tensorflow_Feature()
        feature.int64List.value = values
        return feature
    }

    static func float(_ values: [Float]) -> Tensorflow_Feature {
        var feature = Tensorflow_Feature()
        feature.floatList.value = values
        return feature
    }

    static func bytes(_ values: [[UInt8]]) -> Tensorflow_Feature {
        var feature = Tensorflow_Feature()
        feature.bytesList.value = values.map { Data($0) }
        return feature
    }

    static func bytes(_ values: [String]) -> Tensorflow_Feature { bytes(values.map { Array($0.utf8) }) }

    static func sequenceExample(context: [String: Tensorflow_Feature], lists: [String: [Tensorflow_Feature]])
        -> Tensorflow_SequenceExample
    {
        var sequence = Tensorflow_SequenceExample()
        sequence.context.feature = context
        for (name, steps) in lists {
            var list = Tensorflow_FeatureList()
            list.feature = steps
            sequence.featureLists.featureList[name] = list
        }
        return sequence
    }

    static func example(_ features: [String: Tensorflow_Feature]) -> Tensorflow_Example {
        var example = Tensorflow_Example()
        example.features.feature = features
        return example
    }
}

/// Writes the messages as one record file.
func writeRecords(_ path: String, examples: [Tensorflow_Example] = [], sequences: [Tensorflow_SequenceExample] = [])
    throws -> String
{
    let writer = try RecordWriter(path: path)
    for example in examples { try writer.write(example) }
    for sequence in sequences { try writer.write(sequence) }
    try writer.close()
    return path
}
