/// How thoroughly ``TrainingImageMaker`` checks a JPEG that it passes through unchanged.
public enum ImageVerification: String, CaseIterable, Sendable {
    /// Parse the header (`tjDecompressHeader3`) and check that the data ends with an EOI
    /// marker (``JPEGMarkers/endsWithEndOfImage(_:after:)``): catches truncated downloads
    /// at almost no cost, but not corrupt entropy-coded data.
    case header
    /// Also decode every pixel, strictly (``JPEGDecoder``: any libjpeg warning is an error).
    case full
}
