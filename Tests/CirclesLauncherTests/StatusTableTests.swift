import CirclesCore
import CirclesLauncher
import Testing

/// The status table fits the terminal by leaving out whole columns, never by cutting a URL.
@Suite struct StatusTableTests {
    let keys = (0..<2).map { _ in PrivateKey.generate().publicKey.hex }

    private var report: StatusReport {
        let circles = keys.enumerated().map { index, key in
            LaunchState.Circle(name: index == 0 ? "Dunia Cybercity" : "Ωmega 東京", publicKey: key, port: 18_080,
                               worker: .init(workerId: "w\(index)", status: .stopped),
                               initResult: .init(taskId: "t", status: "error", error: "a long message about what went wrong\nand more"))
        }
        let state = LaunchState(circles: circles, servers: [.init(port: 18_080, url: "ws://127.0.0.1:18080")])
        return StatusReport.collect(state)
    }

    @Test func wideShowsEveryColumnInFull() {
        let text = report.table(color: false, wide: true, width: 80)
        for key in keys { #expect(text.contains("ws://127.0.0.1:18080/\(key)") && text.contains(" \(key) ")) }
        #expect(text.contains("error: a long message about what went wrong and more"))
        #expect(!text.contains("left out"))
    }

    @Test func narrowTerminalLeavesOutWholeColumnsAndSaysSo() {
        let text = report.table(color: false, wide: false, width: 80)
        let lines = text.split(separator: "\n")
        let table = lines.prefix(3)
        #expect(table.allSatisfy { $0.count <= 80 }, "\(text)")
        #expect(!text.contains("ws://127.0.0.1:18080/"), "a URL is left out, not cut: \(text)")
        #expect(table.first?.hasPrefix("NAME") == true && table.first?.contains("QUEUED") == true)
        #expect(lines.contains { $0.hasPrefix("(left out to fit 80 columns: INIT, WEBSOCKET, ") && $0.hasSuffix("; --wide shows them)") }, "\(text)")
        #expect(text.contains("server ws://127.0.0.1:18080 pid -: down"))
    }

    @Test func wideTerminalKeepsTheURLsWhole() {
        let text = report.table(color: false, wide: false, width: 400)
        for key in keys { #expect(text.contains("ws://127.0.0.1:18080/\(key)")) }
        #expect(!text.contains("left out"))
        #expect(!text.contains(" \(keys[0]) "), "the key column is shortened")
    }
}
