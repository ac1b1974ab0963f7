import TFRecord

extension ArrayInputPaths {
    /// The array inputs of a conversion with patterns expanded (``InputPaths/expand(_:)``) and whole `.npz` archives
    /// replaced by the members they stand for (see ``NPZArchive/defaultSelection()``):
    /// `data.npz` alone is `data.npz:x_train` with `data.npz:y_train`; with labels given,
    /// `data.npz` as images is its image member and as labels its label member. Paths of
    /// members (`data.npz:x_test`) and of other arrays stay as they are.
    ///
    /// - Parameters:
    ///   - images: the image arrays as given.
    ///   - labels: the label arrays as given, one per image array, or none.
    /// - Throws: ``TFRecord/TFRecordError`` `.usage` when an archive's arrays are not
    ///   clear (the message lists them) or some archives hold labels and others not;
    ///   `.badInput` for a pattern without matches or a damaged archive.
    public static func resolve(images: [String], labels: [String]) throws(TFRecordError)
        -> (images: [String], labels: [String])
    {
        let images = try InputPaths.expand(images)
        let labels = try InputPaths.expand(labels)
        if !labels.isEmpty {
            let resolvedImages = try images.map { (path) throws(TFRecordError) in
                InputKind.isWholeArchive(path) ? try NPZArchive(path: path).defaultImages() : path
            }
            let resolvedLabels = try labels.map { (path) throws(TFRecordError) in
                InputKind.isWholeArchive(path) ? try NPZArchive(path: path).defaultLabels() : path
            }
            return (resolvedImages, resolvedLabels)
        }
        var resolvedImages: [String] = []
        var resolvedLabels: [String?] = []
        for path in images {
            guard InputKind.isWholeArchive(path) else {
                resolvedImages.append(path)
                resolvedLabels.append(nil)
                continue
            }
            let (image, label) = try NPZArchive(path: path).defaultSelection()
            resolvedImages.append(image)
            resolvedLabels.append(label)
        }
        let found = resolvedLabels.compactMap { $0 }
        guard found.isEmpty || found.count == resolvedLabels.count else {
            let without = zip(images, resolvedLabels).first { $0.1 == nil }!.0
            throw TFRecordError(.usage, "some inputs hold labels and others do not; every image array needs its labels",
                                at: SourceLocation(path: without))
        }
        return (resolvedImages, found)
    }
}

extension InputKind {
    /// Whether `path` names a whole zip archive (not one of its members) that libzip opens;
    /// a damaged one is left to the array reader, which says what its bytes are.
    static func isWholeArchive(_ path: String) -> Bool {
        NPZMemberPath.parse(path) == nil && startsAsZip(path) && (try? ZipArchive(path: path)) != nil
    }
}
