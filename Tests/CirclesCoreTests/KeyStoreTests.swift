import Foundation
import Testing
@testable import CirclesCore

@Suite struct KeyStoreTests {
    @Test func keyFilesArePrivateAndRoundTrip() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = KeyStore(directory: folder + "/keys")
        let key = PrivateKey.generate()
        let path = try store.save(key)
        #expect(path == "\(folder)/keys/\(key.publicKey.hex).key")
        let fileMode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        let folderMode = try FileManager.default.attributesOfItem(atPath: folder + "/keys")[.posixPermissions] as? Int
        #expect(fileMode == 0o600)
        #expect(folderMode == 0o700)
        #expect(try store.load(key.publicKey)?.hex == key.hex)
        #expect(try store.load(PrivateKey.generate().publicKey) == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/keys") == ["\(key.publicKey.hex).key"])
    }

    @Test func readableByOthersIsRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try KeyStore(directory: folder).save(PrivateKey.generate())
        chmod(path, 0o644)
        #expect(throws: KeyError.self) { try KeyStore.load(path: path) }
    }
}
