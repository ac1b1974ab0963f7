internal import CTFRecordAccel

/// CRC32C (Castagnoli), the checksum of TFRecord framing.
///
/// The work is done by the C shim `CTFRecordAccel`, which picks the CPU's CRC instructions at
/// run time (SSE4.2 `crc32`, three interleaved streams combined with PCLMULQDQ; ARMv8 CRC)
/// and falls back to portable slicing-by-8 tables. Every variant gives the same result.
public enum CRC32C {
    /// An implementation of CRC32C.
    public enum Variant: Int, CaseIterable, Sendable, CustomStringConvertible {
        /// Portable slicing-by-8 tables: the reference.
        case table = 0
        /// One stream of the CPU's CRC32C instruction.
        case hardware = 1
        /// Three interleaved instruction streams combined with carry-less multiplication.
        case folded = 2
        /// The fastest variant this CPU supports.
        case auto = 3

        /// Whether this variant can run on this CPU.
        public var isAvailable: Bool {
            CTFRecordAccel_crc32c_variant_available(cVariant) != 0
        }

        /// The variants that can run on this CPU, `.auto` excluded.
        public static var available: [Variant] { [.table, .hardware, .folded].filter(\.isAvailable) }

        public var description: String {
            switch self {
            case .table: "table"
            case .hardware: "hardware"
            case .folded: "folded"
            case .auto: "auto"
            }
        }

        var cVariant: CTFRecordAccel_CRC32CVariant { CTFRecordAccel_CRC32CVariant(UInt32(rawValue)) }
    }

    /// Extends `crc` (the CRC32C of the bytes before; 0 to start) over `bytes`.
    ///
    /// - Complexity: O(n); with `.auto` near memory bandwidth for large buffers.
    /// - Note: Calls `CTFRecordAccel_crc32c`.
    @inlinable
    public static func checksum(_ bytes: UnsafeRawBufferPointer, extending crc: UInt32 = 0,
                                variant: Variant = .auto) -> UInt32 {
        _checksum(bytes, crc, variant.rawValue)
    }

    /// The CRC32C of a byte collection.
    public static func checksum<Bytes: Sequence<UInt8>>(_ bytes: Bytes, variant: Variant = .auto) -> UInt32 {
        if let crc = bytes.withContiguousStorageIfAvailable({ checksum(UnsafeRawBufferPointer($0), variant: variant) }) {
            return crc
        }
        return Array(bytes).withUnsafeBytes { checksum($0, variant: variant) }
    }

    /// TensorFlow's masking of a CRC stored next to the data it covers:
    /// `((crc >> 15) | (crc << 17)) &+ 0xa282ead8`.
    ///
    /// Masking keeps the CRC of a byte string that itself contains CRCs from being trivially
    /// related to them.
    @inlinable
    public static func mask(_ crc: UInt32) -> UInt32 {
        ((crc &>> 15) | (crc &<< 17)) &+ 0xa282_ead8
    }

    /// The inverse of ``mask(_:)``.
    @inlinable
    public static func unmask(_ masked: UInt32) -> UInt32 {
        let rotated = masked &- 0xa282_ead8
        return (rotated &>> 17) | (rotated &<< 15)
    }

    /// The masked CRC32C of `bytes`, as TFRecord framing stores it.
    @inlinable
    public static func maskedChecksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        mask(checksum(bytes))
    }

    @usableFromInline
    static func _checksum(_ bytes: UnsafeRawBufferPointer, _ crc: UInt32, _ variant: Int) -> UInt32 {
        CTFRecordAccel_crc32c(CTFRecordAccel_CRC32CVariant(UInt32(variant)), crc, bytes.baseAddress, bytes.count)
    }
}
