/// A count with its noun in the right number, for messages and summaries: `1 shard`,
/// `3 shards`, `0 entries`.
///
/// - Parameters:
///   - singular: the noun for one.
///   - plural: the noun for any other count; `singular + "s"` when not given.
public func counted(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
    "\(count) \(count == 1 ? singular : plural ?? singular + "s")"
}
