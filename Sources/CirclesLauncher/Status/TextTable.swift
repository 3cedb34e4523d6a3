import CirclesCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A plain text table for terminals: columns padded to their widest cell, a bold header when
/// coloured, and cells coloured by the caller's `Cell.color` (ANSI SGR code).
public struct TextTable {
    public struct Cell: ExpressibleByStringLiteral {
        public var text: String
        public var color: Int?
        public init(_ text: String, color: Int? = nil) {
            self.text = text
            self.color = color
        }
        public init(stringLiteral text: String) { self.init(text) }
    }

    public var headers: [String]
    public var rows: [[Cell]]

    public init(headers: [String], rows: [[Cell]]) {
        self.headers = headers
        self.rows = rows
    }

    /// The table without the columns it must drop to be at most `width` characters wide: those
    /// in `dropOrder` (column indices), first ones first. Returns the text and the dropped headers.
    public func render(color: Bool, width: Int, dropOrder: [Int]) -> (text: String, dropped: [String]) {
        var kept = Array(headers.indices)
        var dropped: [String] = []
        var order = dropOrder[...]
        while selecting(kept).naturalWidth > width, let next = order.popFirst() {
            kept.removeAll { $0 == next }
            dropped.append(headers[next])
        }
        return (selecting(kept).render(color: color), dropped)
    }

    /// The width of the widest line when rendered.
    public var naturalWidth: Int {
        let widths = headers.indices.map { column in ([headers[column].count] + rows.map { $0[column].text.count }).max()! }
        return widths.reduce(0, +) + 2 * max(0, widths.count - 1)
    }

    private func selecting(_ columns: [Int]) -> TextTable {
        TextTable(headers: columns.map { headers[$0] }, rows: rows.map { row in columns.map { row[$0] } })
    }

    /// The terminal's width in columns (stdout's, else `COLUMNS`), or nil when unknown.
    public static var terminalWidth: Int? {
        var size = winsize()
        if withUnsafeMutablePointer(to: &size, { ioctl(1, UInt(TIOCGWINSZ), $0) }) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return Environment.value("COLUMNS").flatMap { Int($0) }
    }

    public func render(color: Bool) -> String {
        let widths = headers.indices.map { column in
            ([headers[column].count] + rows.map { $0[column].text.count }).max()!
        }
        func line(_ cells: [Cell], bold: Bool) -> String {
            cells.enumerated().map { column, cell in
                let padded = column == cells.count - 1 ? cell.text : cell.text.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                let code = bold ? 1 : cell.color
                guard color, let code else { return padded }
                return "\u{1b}[\(code)m\(cell.text)\u{1b}[0m" + String(repeating: " ", count: padded.count - cell.text.count)
            }.joined(separator: "  ")
        }
        return ([line(headers.map { Cell($0) }, bold: true)] + rows.map { line($0, bold: false) }).joined(separator: "\n") + "\n"
    }

    /// Whether stdout gets colour: `--color always`, or `auto` on a terminal without NO_COLOR.
    public static func colorsOutput(_ choice: ColorChoice) -> Bool {
        switch choice {
        case .always: true
        case .never: false
        case .auto: StandardStreams.output.isTerminal && Environment.value("NO_COLOR") == nil
        }
    }

    public static let green = 32
    public static let red = 31

    /// `02ab12cd…` for long hex in narrow columns.
    public static func short(_ hex: String) -> String { hex.count > 12 ? String(hex.prefix(10)) + "…" : hex }
}
