import CirclesCore

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
