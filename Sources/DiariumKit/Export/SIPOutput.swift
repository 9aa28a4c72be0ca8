import DiariumModel
import DiariumStore
import Foundation

extension Diarium {
    /// Writes `package` whole into `.tmp-<id>` in `out`, in the reference order (content, the
    /// representation's PREMIS and METS, ERMS, root PREMIS, root METS), then renames it to
    /// `<id>` (or zips it to `<id>.zip`). Any failure removes the temp folder: nothing half-written
    /// is left under a package's name.
    func writePackage(_ package: SIPPackage, to out: URL, zip: Bool) throws(DiariumError) -> SIPPackageSummary {
        let fm = FileManager.default
        let tmp = out.appendingPathComponent(".tmp-\(package.id)")
        let target = out.appendingPathComponent(zip ? package.id + ".zip" : package.id)
        try? fm.removeItem(at: tmp)
        var entries: [(name: String, data: Data)] = []
        var folders = Set<String>()
        // A ZIP is made from the entries in memory: no folder is written for it. A folder's files
        // are written without an fsync each (Foundation's Data.write syncs every file, a third of
        // an export's time); `exportSIP` flushes the file system once when every package is in place.
        func put(_ rel: String, _ data: Data) throws {
            entries.append((package.id + "/" + rel, data))
            guard !zip else { return }
            let url = tmp.appendingPathComponent(rel)
            let folder = url.deletingLastPathComponent()
            if folders.insert(folder.path).inserted { try fm.createDirectory(at: folder, withIntermediateDirectories: true) }
            try Self.writeUnsynced(data, to: url)
        }
        do {
            let writer = SIPWriter(package: package, zone: store.config.zone)
            let docName = "leveransinformation.txt"
            for d in package.documents { for f in d.files { try put("representations/rep1/" + f.path, f.data) } }
            let documentation = Data(writer.documentation().utf8)
            try put("documentation/" + docName, documentation)
            var schemas: [(name: String, data: Data)] = []
            for name in SIPWriter.schemaFiles {
                let data = try Data(contentsOf: home.schemas.appendingPathComponent("eark").appendingPathComponent(name))
                schemas.append((name, data))
                try put("schemas/" + name, data)
            }
            let repPremis = Data(writer.representationPREMIS().utf8)
            try put("representations/rep1/metadata/preservation/premis.xml", repPremis)
            let repMETS = Data(writer.representationMETS(premis: repPremis).utf8)
            try put("representations/rep1/METS.xml", repMETS)
            let erms = Data(writer.erms().utf8)
            try put("metadata/descriptive/erms.xml", erms)
            let premis = Data(writer.rootPREMIS().utf8)
            try put("metadata/preservation/premis.xml", premis)
            try put("METS.xml", Data(writer.rootMETS(erms: erms, premis: premis, documentation: (docName, documentation),
                                                     schemas: schemas, repMETS: repMETS).utf8))
        } catch {
            try? fm.removeItem(at: tmp)
            throw .reject("out", "export.write-failed", "paketet \(package.id) kunde inte skrivas i \(out.path): \(error.localizedDescription)")
        }
        let bytes = entries.reduce(Int64(0)) { $0 + Int64($1.data.count) }
        do {
            if zip {
                let tmpZip = out.appendingPathComponent(".tmp-\(package.id).zip")
                let data = try ReleaseArchive.zip(entries: entries, at: package.created, zone: store.config.zone, field: "zip")
                do { try Self.writeUnsynced(data, to: tmpZip) } catch {
                    try? fm.removeItem(at: tmpZip)
                    throw DiariumError.reject("out", "export.write-failed", "paketet \(package.id).zip kunde inte skrivas")
                }
                try? fm.removeItem(at: tmp)
                try fm.moveItem(at: tmpZip, to: target)
            } else {
                try fm.moveItem(at: tmp, to: target)
            }
        } catch let error as DiariumError {
            try? fm.removeItem(at: tmp)
            throw error
        } catch {
            try? fm.removeItem(at: tmp)
            throw .reject("out", "export.write-failed", "paketet \(target.lastPathComponent) kunde inte flyttas på plats i \(out.path)")
        }
        return SIPPackageSummary(id: package.id, case: package.caseNumber.description, path: target.path,
                                 documents: package.documents.count, files: entries.count, bytes: bytes)
    }

    /// A new file with `data`, left to the page cache (see `put`).
    static func writeUnsynced(_ data: Data, to url: URL) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path]) }
        defer { close(fd) }
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let n = write(fd, base + offset, raw.count - offset)
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { throw CocoaError(.fileWriteOutOfSpace, userInfo: [NSFilePathErrorKey: url.path]) }
                offset += n
            }
        }
    }
}
