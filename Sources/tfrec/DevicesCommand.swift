import ArgumentParser
import TFRecordTransform

/// `tfrec devices`: the OpenCL platforms and devices that `--device` can select.
struct DevicesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "List the OpenCL devices that --device can select.",
        discussion: """
            Devices are named P:D (platform index, device index), as --device accepts them; \
            --device also takes a part of a device name, or auto (the first GPU, else \
            accelerator, else CPU device). With no OpenCL driver installed this prints \
            "no OpenCL platform found (…reason…)" and exits 0.

            Columns: P:D, type (cpu, gpu, accelerator), compute units, global memory, name, \
            vendor, OpenCL version, platform.

            Example:
              tfrec devices
              P:D  type  units    memory  name                      vendor        …
              0:0  cpu       2  13.1 GiB  pthread-haswell-AMD EPYC  AuthenticAMD  …
            """
    )

    func run() {
        let discovery = OpenCLDevices.discover()
        guard !discovery.devices.isEmpty else {
            let reason = discovery.problem ?? "no device"
            print(
                discovery.platformCount == 0
                    ? "no OpenCL platform found (\(reason))" : "no OpenCL device found (\(reason))")
            return
        }
        var rows = [["P:D", "type", "units", "memory", "name", "vendor", "OpenCL", "platform"]]
        for device in discovery.devices {
            rows.append([
                device.index, device.kind.rawValue + (device.isUsable ? "" : " (unavailable)"),
                String(device.computeUnits),
                gibibytes(device.globalMemory), device.name, device.vendor, device.version, device.platformName,
            ])
        }
        print(table(rows, rightAligned: [2, 3]), terminator: "")
    }

    private func gibibytes(_ bytes: UInt64) -> String {
        let value = Double(bytes) / Double(1 << 30)
        return "\(Double(Int(value * 10 + 0.5)) / 10) GiB"
    }
}

/// Aligns columns with two spaces between them; `rightAligned` columns are padded on the left.
func table(_ rows: [[String]], rightAligned: Set<Int> = []) -> String {
    let widths = (0..<(rows.map(\.count).max() ?? 0)).map { column in
        rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0
    }
    var text = ""
    for row in rows {
        let cells = row.enumerated().map { column, cell in
            let padding = String(repeating: " ", count: widths[column] - cell.count)
            return rightAligned.contains(column) ? padding + cell : cell + padding
        }
        var line = cells.joined(separator: "  ")
        while line.last == " " { line.removeLast() }
        text += line + "\n"
    }
    return text
}
