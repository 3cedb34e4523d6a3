import Foundation
import Testing
import Rhai

// Book chapters: Timestamps, BLOBs. Values ported from rhai/tests/{time,blobs}.rs.
@Suite struct TimestampsBlobsTests {
    static let timestamps: [(String, String)] = [
        ("type_of(timestamp())", #""timestamp""#),
        ("let time = timestamp(); let x = 10_000; while x > 0 { x -= 1; } elapsed(time) < 10.0", "true"),
        ("let time = timestamp(); time.elapsed >= 0.0", "true"),
        ("let time1 = timestamp(); for x in 0..10000 {} let time2 = timestamp(); time1 <= time2", "true"),
        ("let time1 = timestamp(); let time2 = time1 + 123.45; let d = time2 - time1; d > 123.44 && d < 123.46", "true"),
        ("let time1 = timestamp(); let time2 = time1 - 123.45; let d = time1 - time2; d > 123.44 && d < 123.46", "true"),
        ("let t = timestamp(); t == t", "true"),
        ("let t = timestamp(); type_of(t.elapsed)", #""f64""#),
    ]

    @Test(arguments: timestamps)
    func timestamp(script: String, expected: String) {
        #expect(show(script) == expected)
    }

    /// From rhai/tests/time.rs ("check edge case for crashes"): any outcome but a crash.
    @Test func timestampEdgeCaseDoesNotCrash() async {
        await #expect(processExitsWith: .success) {
            _ = errorKind("timestamp()-24>>-60")
            exit(0)
        }
    }

    static let blobs: [(String, String)] = [
        ("let x = blob(3, 0); x[0] = 1; x[1] = 2; x[2] = 3; x[1]", "2"),
        ("let x = blob(3, 0); x[0] = 1; x[1] = 2; x[2] = 3; x[-1]", "3"),
        ("let x = blob(3, 0); x[0] = 1; x[1] = 2; x[2] = 3; x[-3]", "1"),
        ("let x = blob(3, 7); x += 4; x[3]", "4"),
        ("let x = blob(2, 1); x.push(4); x.len()", "3"),
        ("let x = blob(); x.push(4); x.insert(0, 9); x[0] * 10 + x[1]", "94"),
        ("let x = blob(2, 5); (x + x).len()", "4"),
        ("let x = blob(1, 0); x += 999; x[1]", "231"),
        ("let x = blob(3, 0); x[2] = 999; x[2]", "231"),
        ("blob(4, 0x41).len()", "4"),
        ("blob(4, 0x41)[3]", "65"),
        ("blob().len()", "0"),
        ("let x = blob(16, 0); for n in 0..16 { x[n] = n; } parse_le_int(x, 2, 0)", "0"),
        ("let x = blob(16, 0); for n in 0..16 { x[n] = n; } parse_le_int(x, 2, 9)", "\(0x0908070605040302)"),
        ("let x = blob(16, 0); for n in 0..16 { x[n] = n; } parse_be_int(x, 2, 10)", "\(0x0203040506070809)"),
        ("let x = blob(16, 0); for n in 0..16 { x[n] = n; } parse_le_int(x, -5, 2)", "\(0x0c0b)"),
        ("let x = blob(16, 0); for n in 0..16 { x[n] = n; } write_le(x, 3, 3, -98765432); parse_le_int(x, 3, 3)", "\(0x1cf588)"),
        ("let x = blob(3, 0); x[0] = 1; x[1] = 2; x[2] = 3; x", "[010203]"),
    ]

    @Test(arguments: blobs)
    func blob(script: String, expected: String) {
        #expect(show(script) == expected)
    }

    @Test func blobReachesTheHostAsBytes() throws {
        let value = try eval("let x = blob(3, 0); x[0] = 1; x[1] = 2; x[2] = 255; x")
        #expect(value == .blob([1, 2, 255]))
        #expect(value.typeName == "blob")
    }

    @Test func blobIndexOutOfBounds() {
        #expect(errorKind("let x = blob(2, 0); x[2]") == .indexOutOfBounds)
    }
}
