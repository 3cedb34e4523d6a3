/// The Redis wire form of a command (RESP): an array of bulk strings,
/// `*<count>\r\n` then `$<length>\r\n<bytes>\r\n` for each argument.
enum RESPEncoding {
    /// Appends one command, binary safe, to `buffer`.
    static func appendCommand<Argument: Collection>(_ arguments: [Argument], to buffer: inout [UInt8]) where Argument.Element == UInt8 {
        buffer.append(UInt8(ascii: "*"))
        appendLine(arguments.count, to: &buffer)
        for argument in arguments {
            buffer.append(UInt8(ascii: "$"))
            appendLine(argument.count, to: &buffer)
            buffer.append(contentsOf: argument)
            appendLineEnd(to: &buffer)
        }
    }

    /// Appends a non-negative number in decimal, then CR LF.
    private static func appendLine(_ value: Int, to buffer: inout [UInt8]) {
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        repeat {
            buffer.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        } while divisor > 0
        appendLineEnd(to: &buffer)
    }

    private static func appendLineEnd(to buffer: inout [UInt8]) {
        buffer.append(13)
        buffer.append(10)
    }
}
