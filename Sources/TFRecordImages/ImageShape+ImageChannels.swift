import TFRecordPixels

extension ImageShape {
    /// Checks that an ``Image``, and so a JPEG or PNG file, can have this shape's channels:
    /// 1 (gray) or 3 (RGB). ``TFRecordPixels/ImageShape`` itself takes any channel count,
    /// as raw arrays may have; the codecs check theirs here.
    ///
    /// - Throws: ``ImageCodecError`` `.invalidArgument` for any other channel count.
    public func checkImageChannels() throws(ImageCodecError) {
        guard channels == 1 || channels == 3 else {
            throw ImageCodecError(.invalidArgument, "\(channels) channels: only 1 (gray) or 3 (RGB) are supported")
        }
    }
}
