import TFRecord

/// A NumPy `.npz` archive (`np.savez`, `np.savez_compressed`, Keras datasets): a zip of
/// `.npy` members such as `x_train`, `y_train`, `x_test`, `y_test`. Lists the members with
/// their headers and chooses which ones a conversion takes when the user names none.
package struct NPZArchive {
    /// One `.npy` member: its name without `.npy` and what its header says.
    package struct Member: Sendable, Equatable {
        /// The name NumPy gave it, e.g. `x_train`.
        package var name: String
        /// Its header.
        package var header: ArrayHeader

        /// Images: two or more dimensions, `(N, H, W[, C])` or `(N, D)`, other than `(N, 1)`.
        var isImageShaped: Bool {
            header.shape.count >= 3 || (header.shape.count == 2 && header.shape[1] != 1)
        }

        /// Labels: integers of shape `(N,)` or `(N, 1)`.
        var isLabelShaped: Bool {
            header.elementType.isInteger
                && (header.shape.count == 1 || (header.shape.count == 2 && header.shape[1] == 1))
        }

        /// `x_train (60000, 28, 28) uint8`.
        var listing: String { "\(name) \(ArrayHeader.text(header.shape)) \(header.elementType.name)" }
    }

    /// The archive's path.
    package let path: String
    /// The `.npy` members, in the archive's order.
    package let members: [Member]

    /// Opens `path` and reads the header of every `.npy` member (a few hundred bytes each;
    /// nothing else is inflated).
    ///
    /// - Throws: ``TFRecord/TFRecordError`` `.badInput` for a file that is not a zip
    ///   archive, one without `.npy` members, or a member whose header is malformed.
    package init(path: String) throws(TFRecordError) {
        let archive = try ZipArchive(path: path)
        var members: [Member] = []
        for entry in archive.members where entry.name.hasSuffix(".npy") {
            let name = String(entry.name.dropLast(4))
            let reader = try archive.open(entry)
            let header = try NPYHeader.read(path: "\(path):\(name)") { (count) throws(TFRecordError) in
                try reader.read(count: count)
            }
            members.append(Member(name: name, header: header))
        }
        guard !members.isEmpty else {
            throw TFRecordError(.badInput, "a zip archive without .npy members (\(archive.members.count) other files); "
                                + "a NumPy .npz holds .npy arrays", at: SourceLocation(path: path))
        }
        self.path = path
        self.members = members
    }

    /// The members a conversion takes when none is named: `x_train` and `y_train` when
    /// present (Keras' names), else the only image-shaped member with the only label-shaped
    /// one (or none).
    ///
    /// - Returns: `archive:member` paths for the images and, if any, the labels.
    /// - Throws: ``TFRecord/TFRecordError`` `.usage` when the choice is not clear (several
    ///   image-shaped or label-shaped members, or none image-shaped); the message lists the
    ///   members with their shapes and dtypes.
    package func defaultSelection() throws(TFRecordError) -> (images: String, labels: String?) {
        if let images = member(named: "x_train") {
            return (text(images), member(named: "y_train").map(text))
        }
        let images = members.filter(\.isImageShaped)
        let labels = members.filter(\.isLabelShaped)
        guard images.count == 1, labels.count <= 1 else {
            let why = images.isEmpty ? "no member holds images (2 or more dimensions)"
                : images.count > 1 ? "\(images.count) members hold images" : "\(labels.count) members hold labels"
            throw TFRecordError(.usage, "which arrays to convert is not clear: \(why); name them as "
                                + "\(path):NAME. Members: " + members.map(\.listing).joined(separator: ", "),
                                at: SourceLocation(path: path))
        }
        return (text(images[0]), labels.first.map(text))
    }

    /// The image member a conversion takes when the labels are named separately: `x_train`,
    /// else the only image-shaped member.
    ///
    /// - Throws: ``TFRecord/TFRecordError`` `.usage` as ``defaultSelection()``.
    package func defaultImages() throws(TFRecordError) -> String {
        try defaultMember(named: "x_train", \.isImageShaped, role: "images", shape: "have 2 or more dimensions")
    }

    /// The label member a conversion takes when the images are named separately: `y_train`,
    /// else the only label-shaped member.
    ///
    /// - Throws: ``TFRecord/TFRecordError`` `.usage` as ``defaultSelection()``.
    package func defaultLabels() throws(TFRecordError) -> String {
        try defaultMember(named: "y_train", \.isLabelShaped, role: "labels", shape: "are 1-D integers")
    }

    /// The member called `name`, else the only member of the right shape, as its path.
    ///
    /// - Parameters:
    ///   - name: the name Keras's datasets give the member.
    ///   - fits: whether a member has the right shape.
    ///   - role: what the member holds, for the error (`images`).
    ///   - shape: the shape that fits, for the error (`are 1-D integers`).
    /// - Throws: ``TFRecord/TFRecordError`` `.usage` when no member or several fit.
    private func defaultMember(named name: String, _ fits: (Member) -> Bool, role: String, shape: String)
        throws(TFRecordError) -> String
    {
        if let named = member(named: name) { return text(named) }
        let fitting = members.filter(fits)
        guard fitting.count == 1 else {
            throw TFRecordError(.usage, "which array holds the \(role) is not clear: \(fitting.count) members \(shape); "
                                + "name one as \(path):NAME. Members: "
                                + members.map(\.listing).joined(separator: ", "), at: SourceLocation(path: path))
        }
        return text(fitting[0])
    }

    /// The error for a member that is not in the archive, listing those that are.
    package func missingMember(_ name: String) -> TFRecordError {
        TFRecordError(.badInput, "no array \(name) in this archive; its arrays: "
                      + members.map(\.listing).joined(separator: ", "), at: SourceLocation(path: path))
    }

    private func member(named name: String) -> Member? { members.first { $0.name == name } }

    private func text(_ member: Member) -> String { "\(path):\(member.name)" }
}
