internal import CLibCrypto

/// An incremental SHA-256 (OpenSSL's EVP interface underneath), for shard digests.
///
/// The OpenSSL context is owned by this object and freed in `deinit`.
public final class SHA256Digest {
    private let context: OpaquePointer

    /// Starts a digest.
    public init() {
        // Allocation failure of a ~200-byte context is not recoverable here.
        guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
            fatalError("OpenSSL: cannot initialise SHA-256")
        }
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Adds bytes to the digest.
    ///
    /// - Complexity: O(n); OpenSSL uses the CPU's SHA extensions where present.
    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        EVP_DigestUpdate(context, bytes.baseAddress, bytes.count)
    }

    /// Finishes and returns the digest as 64 lowercase hex digits. Call once.
    public func finalizeHex() -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &digest, &length)
        return hexString(digest[..<Int(length)])
    }

    /// SHA-256 of `bytes` as hex.
    public static func hex<Bytes: Collection<UInt8>>(of bytes: Bytes) -> String {
        let digest = SHA256Digest()
        Array(bytes).withUnsafeBytes { digest.update($0) }
        return digest.finalizeHex()
    }
}

func hexString<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    for byte in bytes {
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 15)])
    }
    return String(decoding: out, as: UTF8.self)
}
