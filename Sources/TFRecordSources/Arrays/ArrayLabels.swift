import TFRecord

/// The labels of array images from label files (`--labels y.npy`): one integer per image,
/// read whole before the conversion starts.
///
/// Reading them first checks every count before anything is written, and lets a shuffled
/// conversion look up any record's label. Memory: 8 bytes per record (a tenth of a percent
/// of 28×28 uint8 images).
package enum ArrayLabels {
    /// Reads `paths[i]`, the labels of `images[i]`, and returns them back to back.
    ///
    /// - Throws: ``TFRecordError`` `.badInput` for a label file that is not 1-D (or
    ///   `(N, 1)`), holds floats, or holds a different count than its images; the errors of
    ///   ``ArrayFile``.
    package static func load(paths: [String], images: [ArrayFile], cancellation: CancellationFlag) throws(TFRecordError)
        -> [Int64]
    {
        precondition(paths.count == images.count)
        var labels: [Int64] = []
        labels.reserveCapacity(images.reduce(0) { $0 + $1.rows })
        for (path, image) in zip(paths, images) {
            let file = try ArrayFile(path: path)
            let header = file.header
            let at = SourceLocation(path: path)
            guard header.shape.count == 1 || (header.shape.count == 2 && header.shape[1] == 1) else {
                throw TFRecordError(.badInput, "labels must be a 1-D array (N,) or (N, 1), found shape "
                                    + ArrayHeader.text(header.shape), at: at)
            }
            guard header.elementType.isInteger else {
                throw TFRecordError(.badInput, "labels must be integers (uint8, int32 or int64), found "
                                    + header.elementType.name, at: at)
            }
            guard header.rows == image.rows else {
                throw TFRecordError(.badInput, "\(counted(header.rows, "label")) for the \(counted(image.rows, "image")) of \(image.path); "
                                    + "every image needs one label", at: at)
            }
            let size = header.elementType.size
            let blockRows = 1 << 16
            var block = [UInt8](repeating: 0, count: blockRows * size)
            var row = 0
            while row < header.rows {
                if cancellation.isCancelled { throw TFRecordError(.interrupted, "interrupted; no shard was written") }
                let count = min(blockRows, header.rows - row)
                try rethrowingTFRecordError {
                    try block.withUnsafeMutableBytes { raw in
                        let part = UnsafeMutableRawBufferPointer(rebasing: raw[..<(count * size)])
                        try file.readRows(row..<(row + count), into: part)
                        for i in 0..<count {
                            labels.append(header.elementType.integer(at: i * size, in: UnsafeRawBufferPointer(part)))
                        }
                    }
                }
                row += count
            }
            try file.finishReading()
        }
        return labels
    }
}
