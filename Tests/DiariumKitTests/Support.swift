import DiariumKit
import Foundation

/// The repository (for templates/ and schemas/) and the test fixtures.
enum Paths {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let home = DiariumHome(root: repo)
    static let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
    static func fixture(_ name: String) -> URL { fixtures.appendingPathComponent(name) }
}
