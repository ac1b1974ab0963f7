extension ArrayElementType {
    /// The integer element at byte `offset` of `bytes` (for the integer kinds).
    @inline(__always)
    package func integer(at offset: Int, in bytes: UnsafeRawBufferPointer) -> Int64 {
        switch kind {
        case .uint8:
            return Int64(bytes[offset])
        case .int32:
            let raw = bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
            return Int64(Int32(bitPattern: isBigEndian ? UInt32(bigEndian: raw) : UInt32(littleEndian: raw)))
        case .int64:
            let raw = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            return Int64(bitPattern: isBigEndian ? UInt64(bigEndian: raw) : UInt64(littleEndian: raw))
        case .float32:
            preconditionFailure("float32 is not an integer type")
        }
    }

    /// The float32 element at byte `offset` of `bytes`.
    @inline(__always)
    package func float(at offset: Int, in bytes: UnsafeRawBufferPointer) -> Float {
        precondition(kind == .float32)
        let raw = bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
        return Float(bitPattern: isBigEndian ? UInt32(bigEndian: raw) : UInt32(littleEndian: raw))
    }

    /// The element at byte `offset` as text, for messages.
    package func text(at offset: Int, in bytes: UnsafeRawBufferPointer) -> String {
        isInteger ? String(integer(at: offset, in: bytes)) : "\(float(at: offset, in: bytes))"
    }

    /// Converts one row of integer elements to pixel bytes, leaving out the element at
    /// `skipping` (the label column).
    ///
    /// - Parameters:
    ///   - row: the row's elements, `count` of them.
    ///   - pixels: room for `count` (or `count - 1` with `skipping`) bytes.
    /// - Returns: the index in the row of the first element outside 0...255, or `nil` when
    ///   all fit.
    /// - Complexity: O(count).
    package func convertToPixels(_ row: UnsafeRawBufferPointer, count: Int, skipping: Int?,
                         into pixels: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        precondition(isInteger && row.count == count * size && pixels.count == count - (skipping == nil ? 0 : 1))
        var out = 0
        switch kind {
        case .uint8:
            for k in 0..<count where k != skipping {
                pixels[out] = row[k]
                out += 1
            }
        case .int32, .int64:
            let size = size
            for k in 0..<count where k != skipping {
                let value = integer(at: k * size, in: row)
                guard value >= 0 && value <= 255 else { return k }
                pixels[out] = UInt8(truncatingIfNeeded: value)
                out += 1
            }
        case .float32:
            preconditionFailure("float32 is not an integer type")
        }
        return nil
    }

    /// Converts one row of float32 elements to native floats, leaving out the element at
    /// `skipping` (the label column).
    ///
    /// - Complexity: O(count).
    package func convertToFloats(_ row: UnsafeRawBufferPointer, count: Int, skipping: Int?,
                         into values: UnsafeMutableBufferPointer<Float>) {
        precondition(kind == .float32 && row.count == count * 4 && values.count == count - (skipping == nil ? 0 : 1))
        var out = 0
        for k in 0..<count where k != skipping {
            values[out] = float(at: k * 4, in: row)
            out += 1
        }
    }
}
