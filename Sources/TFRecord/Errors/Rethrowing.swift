/// Runs `body` and rethrows its error typed as `Failure`.
///
/// The standard library's `withUnsafeBytes` family is `rethrows`, so a closure in it that
/// throws only one error type comes out as `any Error`; this restores the type. An error of
/// another type (none is expected) becomes `other(error)`. The one body behind
/// ``rethrowingTFRecordError(_:)`` and the image codecs' equivalent.
///
/// - Parameters:
///   - body: the work, typically a `withUnsafe…` call.
///   - other: the `Failure` for an error of another type.
@inlinable
public func rethrowing<Result, Failure: Error>(_ body: () throws -> Result, otherwise other: (any Error) -> Failure)
    throws(Failure) -> Result
{
    do {
        return try body()
    } catch let error as Failure {
        throw error
    } catch {
        throw other(error)
    }
}
