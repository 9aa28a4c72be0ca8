import DiariumModel
import DiariumRender
public import DiariumStore
import Foundation

/// Formats `show` can print.
public enum ShowFormat: String, Sendable, CaseIterable {
    case text, json, xml, html
}

extension Diarium {
    func show(_ numberText: String, audience: Audience, format: ShowFormat) throws(DiariumError) -> String {
        let stored = try document(numberText, for: audience)
        // A document Diarium drew up itself (a procurement's documentation, a deviation report)
        // is shown as that document: for staff the archived file, for the public made again from
        // its archived data with the marked details masked.
        // A disposed one has no data left to make it again from: its register record stays.
        if format != .json, stored.disposal == nil, let regenerate = handling(stored.kind).regenerate {
            if audience == .full, format == .xml {
                do { return String(decoding: try store.objects.read(stored.entry.file.sha256), as: UTF8.self) } catch { throw .store(error) }
            }
            return try regenerate(stored, audience, format == .xml ? .xml : format == .html ? .html : .text)
        }
        switch (format, audience) {
        case (.xml, .full):
            let data: Data
            do { data = try store.objects.read(stored.recordSHA256) } catch { throw .store(error) }
            guard SHA256Hex.of(data) == stored.recordSHA256 else {
                throw .store(.io("the archived record of \(numberText) does not match its hash; run `diarium verify`"))
            }
            return String(decoding: data, as: UTF8.self)
        case (.xml, _), (.html, _), (.text, _):
            let rendered: String
            do {
                // The XML record keeps to its schema; the readable views say that a document is disposed of.
                rendered = format == .xml
                    ? try renderer.registration(stored.entry, for: audience, as: .xml)
                    : try renderer.registration(RegisterView(stored.entry, for: audience, legal: legal).disposed(stored.disposal),
                                                as: format == .html ? .html : .text)
            } catch { throw .setup(error.description) }
            if format == .xml { try checkOwnXML(rendered, schema: Self.recordSchema) }
            return rendered
        case (.json, _):
            return try Self.json(RegisterView(stored.entry, for: audience, legal: legal).disposed(stored.disposal))
        }
    }

    func view(_ numberText: String, audience: Audience) throws(DiariumError) -> RegisterView {
        let stored = try document(numberText, for: audience)
        return RegisterView(stored.entry, for: audience, legal: legal).disposed(stored.disposal)
    }

    /// The document `numberText` for `audience`: the full view only for staff of its organisation.
    func document(_ numberText: String, for audience: Audience) throws(DiariumError) -> StoredDocument {
        if audience == .full { try requireStaff("se handlingar med sekretessmarkerade uppgifter") }
        let stored = try document(numberText)
        if audience == .full { try requireOrganisation(stored.entry.organisation.code) }
        return stored
    }

    @_spi(Tools) public func document(_ numberText: String) throws(DiariumError) -> StoredDocument {
        guard let number = DocumentNumber(parsing: numberText) else {
            throw .reject("number", "document-number.invalid", "ska vara ett diarienummer för en handling, t.ex. RS 2026/0042-1")
        }
        do { return try store.document(number) } catch { throw .store(error) }
    }

    static func json<T: Encodable>(_ value: T) throws(DiariumError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do { return String(decoding: try encoder.encode(value), as: UTF8.self) } catch {
            throw .internalFault("cannot encode JSON: \(error)")
        }
    }
}

extension Diarium {
    /// What its registration recorded of a file: a content that contradicts its name, and what
    /// the internal search holds of its text; nil when there is nothing to say (or the store
    /// predates the record).
    /// `read/pages` as the note says it when only part of a long scan was read.
    static func partialPages(_ value: String) -> String? {
        let parts = value.split(separator: "/").compactMap { Int($0) }
        guard parts.count == 2, parts[0] < parts[1] else { return nil }
        return "; de första \(parts[0]) av \(parts[1]) sidorna är lästa"
    }

    func textNote(_ numberText: String) throws(DiariumError) -> String? {
        let stored = try document(numberText)
        let records: [AuditRecord]
        do { records = try store.auditEvents(AuditFilter(action: "register", subject: stored.entry.number.description, limit: 1)) } catch { throw .store(error) }
        let detail = records.first.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.detail.utf8)) } ?? [:]
        let format = detail["format"] == "contradicts-name"
            ? "Filens innehåll stämmer inte med dess namn; den är registrerad som det innehållet är (\(stored.entry.file.mediaType)). " : ""
        let text: String? = switch detail["text"] {
        case "pdf-text-layer": "PDF-filens textlager är läst för den interna sökningen."
        case "ocr":
            "Filens text är tolkad med OCR (svenska) för den interna sökningen och kan innehålla feltolkningar"
                + (detail["ocr-pages"].flatMap(Self.partialPages) ?? "") + "."
        case "none": "Filens text kunde inte läsas (en krypterad eller skadad PDF, en bild eller skanning utan läsbar text): handlingen är registrerad utan text i den interna sökningen."
        default: nil
        }
        let note = format + (text ?? "")
        return note.isEmpty ? nil : note.trimmingCharacters(in: .whitespaces)
    }
}
