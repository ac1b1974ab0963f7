import TFRecord

/// Runs `body` and rethrows its error as an ``ImageCodecError``.
///
/// The standard library's `withUnsafe…` methods are `rethrows`, so typed errors thrown
/// inside them come out as `any Error`; this restores the type (``TFRecord/rethrowing(_:otherwise:)``).
func rethrowingImageCodecError<Result>(_ body: () throws -> Result) throws(ImageCodecError) -> Result {
    try rethrowing(body) { ImageCodecError(.codecFailure, "\($0)") }
}
