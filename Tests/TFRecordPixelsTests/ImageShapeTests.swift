import Testing
import TFRecordPixels

@Suite("ImageShape")
struct ImageShapeTests {
    @Test("shapes parse as HxWxC or HxW, any channel count")
    func parsing() throws {
        #expect(ImageShape(parsing: "28x28x1") == (try ImageShape(height: 28, width: 28, channels: 1)))
        #expect(ImageShape(parsing: "28x28") == .mnist)
        #expect(ImageShape(parsing: "32X24x3")?.valueCount == 32 * 24 * 3)
        #expect(ImageShape(parsing: "28×28")?.channels == 1)
        #expect(ImageShape(parsing: "9x7x2")?.description == "9x7x2")
        for bad in ["", "28", "28x", "x28", "0x28x1", "-1x5x1", "28x28x0", "28x28x1x1", "axb", "28by28"] {
            #expect(ImageShape(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test("dimensions below 1 and Int overflow are invalid")
    func validation() throws {
        let zero = try #require(throws: ImageShapeError.self) { try ImageShape(height: 28, width: 28, channels: 0) }
        #expect(zero == .dimensionBelowOne(height: 28, width: 28, channels: 0))
        #expect(zero.message == "image shape 28x28x0: every dimension must be at least 1")
        let huge = try #require(throws: ImageShapeError.self) { try ImageShape(height: Int.max, width: 2) }
        #expect(huge == .tooLarge(height: Int.max, width: 2, channels: 1))
        #expect(huge.message == "image shape \(Int.max)x2x1 is too large")
        #expect(try ImageShape(height: 32, width: 32, channels: 3).pixels == 1024)
    }

    @Test("shapes are inferred only for squares")
    func inference() {
        #expect(ImageShape.inferred(fromValueCount: 784)?.description == "28x28x1")
        #expect(ImageShape.inferred(fromValueCount: 1)?.description == "1x1x1")
        #expect(ImageShape.inferred(fromValueCount: 3 * 784) == nil)
        #expect(ImageShape.inferred(fromValueCount: 783) == nil)
        #expect(ImageShape.inferred(fromValueCount: 0) == nil)
    }

    @Test("a declared shape must fit the values; without one a square is inferred")
    func fitting() throws {
        let declared = try ImageShape(height: 20, width: 20)
        #expect(try ImageShape.fitting(declared, valueCount: 400) == declared)
        #expect(try ImageShape.fitting(nil, valueCount: 784) == .mnist)
        #expect(try ImageShape.fitting(nil, valueCount: 783) == nil)
        let error = try #require(throws: ImageShapeError.self) { try ImageShape.fitting(declared, valueCount: 784) }
        #expect(error == .doesNotFit(declared, valueCount: 784))
        #expect(error.message == "shape 20x20x1 holds 400 values, not 784")
    }
}
