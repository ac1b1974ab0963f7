internal import CTurboJPEG

extension JPEGDecoder {
    /// The integer inverse DCT libjpeg-turbo decodes with.
    public enum InverseDCT: Sendable, Equatable {
        /// `JDCT_ISLOW`: libjpeg's default, and Pillow's.
        case accurate
        /// `JDCT_IFAST`: what `tf.io.decode_jpeg` uses by default (its `dct_method` "" means
        /// `INTEGER_FAST`). Samples differ from ``accurate`` by a level or two, which an image
        /// shrunk afterwards averages away; 5 % less decoding time on 500×375 photos.
        case fast

        /// The `TJFLAG_*` bit.
        var tjFlag: Int32 { self == .fast ? TJFLAG_FASTDCT : TJFLAG_ACCURATEDCT }
    }
}
