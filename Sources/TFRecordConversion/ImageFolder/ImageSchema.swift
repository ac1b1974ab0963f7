import TFRecord
import TFRecordShards

/// The features of the records an image folder becomes.
///
/// Both store the image as a JPEG (or the file's own PNG, for ``simple``) with its size,
/// file name and label; they differ in keys, label numbering and shard names, so that the
/// output plugs into the training code that expects them.
public enum ImageSchema: String, CaseIterable, Sendable {
    /// `image`, `label`, `height`, `width`, `filename`; labels 0-based, as
    /// `tfds.ImageFolder` numbers sorted class directories.
    case simple
    /// The keys of tensorflow/models' `build_imagenet_data.py` (`image/encoded`,
    /// `image/class/label`, …); labels 1-based (0 is the unused background class TF's
    /// ImageNet models expect); shards named `train-00000-of-01024`.
    case imagenet

    /// The label of the first class unless a label offset is given.
    public var defaultLabelOffset: Int64 { self == .imagenet ? 1 : 0 }

    /// ImageNet's shard names for `split`, `train-00000-of-01024`: the default of
    /// ``imagenet`` and of every split of ``ImageFolderSplits``.
    public static func splitNameTemplate(_ split: String) throws(TFRecordError) -> ShardNameTemplate {
        try ShardNameTemplate("\(split)-{shard:05}-of-{shards:05}")
    }

    /// The keys of `build_imagenet_data.py`, one place for the encoder and the manifest.
    enum ImageNetKey {
        static let encoded = "image/encoded"
        static let format = "image/format"
        static let height = "image/height"
        static let width = "image/width"
        static let colorspace = "image/colorspace"
        static let channels = "image/channels"
        static let filename = "image/filename"
        static let label = "image/class/label"
        static let synset = "image/class/synset"
        static let text = "image/class/text"
        static let boxXMin = "image/object/bbox/xmin"
        static let boxYMin = "image/object/bbox/ymin"
        static let boxXMax = "image/object/bbox/xmax"
        static let boxYMax = "image/object/bbox/ymax"
        static let boxLabel = "image/object/bbox/label"
        static let boxes = [boxXMin, boxYMin, boxXMax, boxYMax]
    }
}
