/// What a conversion does with a row it cannot parse.
public enum BadRowPolicy: String, CaseIterable, Sendable {
    /// Stop at the first bad row; nothing gets a final name (the default).
    case fail
    /// Leave the row out, go on, and list it with its reason in `rejected.txt` beside the
    /// shards. Record numbers then no longer equal line numbers.
    case skip
}
