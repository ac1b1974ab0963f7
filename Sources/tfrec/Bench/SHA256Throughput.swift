import TFRecordShards

/// SHA-256 throughput of the manifest digests (OpenSSL's libcrypto), in process (`tfrec bench`).
enum SHA256Throughput {
    /// One digest of `bytes` per run.
    static func measure(_ bytes: [UInt8], timing: BestTime) -> StageBenchmark {
        var digests: Set<String> = []
        let (seconds, runs) = bytes.withUnsafeBytes { raw in
            timing.measure {
                let digest = SHA256Digest()
                digest.update(raw)
                digests.insert(digest.finalizeHex())
            }
        }
        precondition(digests.count == 1)
        return StageBenchmark(
            stage: .sha256, engine: "openssl", detail: "libcrypto EVP", unit: .gigabytesPerSecond, bytes: bytes.count,
            seconds: seconds, runs: runs)
    }
}
