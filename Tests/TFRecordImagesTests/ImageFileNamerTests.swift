import Foundation
import Testing
import TFRecord
import TFRecordImages
import TFRecordTestSupport

@Suite("Image file names and the directory writer")
struct ImageFileNamerTests {
    @Test("random names match the reference pattern and are reproducible with a seed")
    func randomNames() throws {
        var a = ImageFileNamer(naming: .random, format: .jpeg, generator: SplitMix64(seed: 1))
        var b = ImageFileNamer(naming: .random, format: .jpeg, generator: SplitMix64(seed: 1))
        var c = ImageFileNamer(naming: .random, format: .jpeg, generator: SplitMix64(seed: 2))
        let pattern = try Regex("^[1-9][0-9]{11}_[0-9]\\.jpeg$")
        var names: [String] = []
        for i in 0..<1000 {
            let name = a.nextName(label: Int64(i % 10))
            #expect(name.wholeMatch(of: pattern) != nil, "\(name)")
            #expect(name == b.nextName(label: Int64(i % 10)))
            names.append(name)
        }
        #expect(Set(names).count == names.count)
        #expect(c.nextName(label: 0) != names[0])
        // The digits are drawn by multiply-high from the generator's raw output.
        var raw = SplitMix64(seed: 1)
        let expected = 100_000_000_000 + raw.next().multipliedFullWidth(by: 900_000_000_000).high
        #expect(names[0] == "\(expected)_0.jpeg")
        var png = ImageFileNamer(naming: .random, format: .png, generator: SplitMix64(seed: 1))
        #expect(png.nextName(label: nil) == "\(expected).png")
    }

    @Test("a drawn name that was handed out or marked taken is redrawn")
    func collisions() {
        let x: UInt64 = 0x1234_5678_9ABC_DEF0, y: UInt64 = 0x0FED_CBA9_8765_4321, z: UInt64 = 42 << 40
        var namer = ImageFileNamer(naming: .random, format: .jpeg, generator: ScriptedGenerator(values: [x, x, y, y, z]))
        let first = namer.nextName(label: 3)
        let second = namer.nextName(label: 3)  // draws x again: taken, redraws y
        #expect(first != second)
        namer.markTaken(ImageFileNamerTests.name(z, label: 3))
        // y is taken by `second`, z is marked taken: a third call would loop on z, so check
        // with a fresh label instead, which makes y's name new.
        #expect(namer.nextName(label: 4) == ImageFileNamerTests.name(y, label: 4))
        #expect(namer.takenCount == 4)
        // Same digits with a different label is a different name.
        #expect(second == ImageFileNamerTests.name(y, label: 3))
    }

    static func name(_ raw: UInt64, label: Int64) -> String {
        "\(100_000_000_000 + raw.multipliedFullWidth(by: 900_000_000_000).high)_\(label).jpeg"
    }

    @Test("index names count from 000001")
    func indexNames() {
        var namer = ImageFileNamer(naming: .index, format: .png)
        #expect(namer.nextName(label: 7) == "000001_7.png")
        #expect(namer.nextName(label: nil) == "000002.png")
        for _ in 3..<1_000_000 { _ = namer.nextName(label: 0) }
        #expect(namer.nextName(label: 1) == "1000000_1.png")
    }

    @Test("the writer never overwrites: an existing file is skipped and its name redrawn")
    func writerRedraws() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var probe = ImageFileNamer(naming: .random, format: .jpeg, generator: SplitMix64(seed: 9))
        let firstName = probe.nextName(label: 1)
        let existing = directory + "/" + firstName
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: existing))

        let writer = ImageDirectoryWriter(
            directory: directory, namer: ImageFileNamer(naming: .random, format: .jpeg, generator: SplitMix64(seed: 9)))
        let name = try writer.write([1, 2, 3], label: 1)
        #expect(name != firstName)
        #expect(name == probe.nextName(label: 1))
        #expect(try Data(contentsOf: URL(fileURLWithPath: existing)) == Data("keep me".utf8))
        #expect(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name)) == Data([1, 2, 3]))
        #expect(writer.createdNames == [name] && writer.byteCount == 3)

        #expect(writer.removeCreatedFiles() == 0)
        #expect(!FileManager.default.fileExists(atPath: directory + "/" + name))
        #expect(FileManager.default.fileExists(atPath: existing))
    }

    @Test("index names that exist are refused with a usage error, and the file is kept")
    func writerIndexCollision() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data("old".utf8).write(to: URL(fileURLWithPath: directory + "/000002_5.png"))
        let writer = ImageDirectoryWriter(directory: directory, namer: ImageFileNamer(naming: .index, format: .png))
        #expect(try writer.write([0], label: 4) == "000001_4.png")
        let error = #expect(throws: TFRecordError.self) { try writer.write([0], label: 5) }
        #expect(error?.code == .usage)
        #expect(error?.location.path == directory + "/000002_5.png")
        #expect(try Data(contentsOf: URL(fileURLWithPath: directory + "/000002_5.png")) == Data("old".utf8))
    }

    @Test("an unwritable directory is an I/O error")
    func writerIOError() throws {
        let writer = ImageDirectoryWriter(
            directory: "/nonexistent-\(getpid())", namer: ImageFileNamer(naming: .index, format: .jpeg))
        let error = #expect(throws: TFRecordError.self) { try writer.write([0], label: 0) }
        #expect(error?.code == .io)
    }

    private func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "tfrec-images-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
