import TFRecord
import TFRecordTransform

extension ConversionWorkOptions {
    /// A maker of one pixel-transform executor per worker thread for `transform` (none when
    /// `nil`), on the engine and device these options name; an unavailable engine or device
    /// is worded as a conversion error (``TFRecord/TFRecordError/init(transform:)``).
    func transformMaker(for transform: PixelTransform?) -> @Sendable () throws(TFRecordError) -> TransformExecutor? {
        { [engine = transformEngine, device] () throws(TFRecordError) in
            guard let transform else { return nil }
            do throws(TransformError) {
                return try TransformExecutor(transform: transform, engine: engine, device: device)
            } catch {
                throw TFRecordError(transform: error)
            }
        }
    }
}
