/// Runs `body` and rethrows its error as an ``ImageCodecError``.
///
/// The standard library's `withUnsafe…` methods are `rethrows`, so typed errors thrown
/// inside them come out as `any Error`; this restores the type.

func rethrowingImageCodecError<Result>(_ body: () throws -> Result) throws(ImageCodecError) -> Result {
    do {
        return try body()
    } catch let error as ImageCodecError {
        throw error
    } catch {
        throw ImageCodecError(.codecFailure, "\(error)")
    }
}
