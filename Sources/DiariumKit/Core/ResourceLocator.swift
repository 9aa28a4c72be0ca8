public import Foundation

/// Where `templates/` and `schemas/` are. They are read at run time so that a registrar can read
/// (and, with care, change) them: `DIARIUM_HOME` names the folder holding both; otherwise the
/// first folder upwards from the executable (`executable`: the face says which, a server or the
/// CLI), then from the working directory, that holds both.
public struct DiariumHome: Sendable, Hashable {
    public let root: URL
    public var templates: URL { root.appendingPathComponent("templates", isDirectory: true) }
    public var schemas: URL { root.appendingPathComponent("schemas", isDirectory: true) }

    public init(root: URL) { self.root = root.standardizedFileURL }

    public static func locate(executable: URL?, environment: [String: String] = ProcessInfo.processInfo.environment) throws(DiariumError) -> DiariumHome {
        if let home = environment["DIARIUM_HOME"], !home.isEmpty {
            let h = DiariumHome(root: URL(fileURLWithPath: home, isDirectory: true))
            guard h.isComplete else {
                throw .setup("DIARIUM_HOME=\(home) does not hold both templates/ and schemas/")
            }
            return h
        }
        let starts = (executable.map { [$0.resolvingSymlinksInPath().deletingLastPathComponent()] } ?? [])
            + [URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]
        for start in starts {
            var dir = start.standardizedFileURL
            for _ in 0..<8 {
                let h = DiariumHome(root: dir)
                if h.isComplete { return h }
                let parent = dir.deletingLastPathComponent()
                if parent.path == dir.path { break }
                dir = parent
            }
        }
        throw .setup("cannot find templates/ and schemas/; set DIARIUM_HOME to the folder that holds them")
    }

    var isComplete: Bool {
        var isDir: ObjCBool = false
        let fm = FileManager.default
        return fm.fileExists(atPath: templates.path, isDirectory: &isDir) && isDir.boolValue
            && fm.fileExists(atPath: schemas.path, isDirectory: &isDir) && isDir.boolValue
    }
}
