import Foundation

/// A circle's name: what people read in tables and logs and type after `--circle`. Any text of
/// 1 to 64 printable characters (spaces and Unicode included); nothing on disk or in a service
/// manager is named after it (files and units derive from the public key).
public enum CircleName {
    public static let maximumLength = 64

    /// Why `name` cannot be used, with a suggestion when one can be made; nil when it can.
    public static func problem(with name: String) -> String? {
        if name.isEmpty { return "the name is empty; give the circle a name such as \"alpha\"" }
        let printable = name.unicodeScalars.allSatisfy(isPrintable)
        if printable && name.count <= maximumLength && name == name.trimmingCharacters(in: .whitespaces) { return nil }
        let why = !printable ? "has a control or invisible character" : name.count > maximumLength
            ? "is longer than \(maximumLength) characters" : "starts or ends with a space"
        let suggestion = suggested(for: name)
        return "the name \"\(name.debugDescriptionBody)\" \(why); " + (suggestion.isEmpty ? "use 1 to \(maximumLength) printable characters" : "use, say, \"\(suggestion)\"")
    }

    /// `name` made usable: invisible characters as spaces, runs of spaces as one, trimmed, cut to the maximum length.
    static func suggested(for name: String) -> String {
        let visible = String(String.UnicodeScalarView(name.unicodeScalars.map { isPrintable($0) ? $0 : " " }))
        let words = visible.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return String(words.prefix(maximumLength)).trimmingCharacters(in: .whitespaces)
    }

    /// Letters, marks, numbers, punctuation, symbols and the plain space: no controls, format
    /// characters (zero-width, bidi overrides), line or paragraph separators, or unassigned code points.
    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned: false
        case .spaceSeparator: scalar == " "
        default: true
        }
    }
}

private extension String {
    /// The text with controls escaped (`\n`, `\u{7}`), for quoting a bad name in one line.
    var debugDescriptionBody: String { String(debugDescription.dropFirst().dropLast()) }
}
