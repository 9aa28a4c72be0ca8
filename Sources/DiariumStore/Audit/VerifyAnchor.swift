import Foundation

/// `verify`'s check of the anchor log against the chain (see `VerifyRun`).
package struct VerifyAnchor: Sendable {
    package struct Findings {
        package var report = AnchorReport()
        package var damage: [VerifyReport.Finding] = []
        package var notices: [VerifyReport.Finding] = []
    }

    let logURL: URL
    /// The log's size taken before the backend's snapshot began: every entry within it was
    /// appended after its commit, so its event is in the snapshot, however many writers are busy
    /// meanwhile.
    let logLength: Int?
    /// The store folder's name.
    let storeName: String
    let signingKey: Result<AnchorKey, KeyProblem>
    /// A public key given by the user.
    let given: AnchorPublicKey?

    /// Entries whose event is looked up in the chain at a time.
    static let lookupBatch = 1000

    /// Checks the anchor log against the chain as `source` reads it. Entries are checked one by
    /// one, never by their order, because processes committing at once may append out of order.
    func check(_ source: some VerifySource, head: AnchorReport.Head?) throws -> Findings {
        var out = Findings()
        out.report.head = head
        func damage(_ kind: String, _ subject: String, _ message: String) { out.damage.append(.init(kind: kind, subject: subject, message: message)) }
        func notice(_ kind: String, _ subject: String, _ message: String) { out.notices.append(.init(kind: kind, subject: subject, message: message)) }

        let row = try source.anchorRow()
        let rowStore: String? = row?.storeID, rowKey: String? = row?.publicKey
        // Trust what comes from outside the store: the key file's public key and store id, or a
        // public key given on the command line (the store id then from the database, which a
        // signature made for another store still cannot match).
        var verifier: AnchorPublicKey?
        var expectedStore = rowStore
        var why: String?
        switch signingKey {
        case .success(let k) where given == nil || given == k.publicKey:
            verifier = k.publicKey
            expectedStore = k.storeID
        case .success: verifier = given
        case .failure(let p):
            verifier = given
            why = p.text
        }
        out.report.signaturesChecked = verifier != nil
        out.report.publicKey = verifier?.hex
        out.report.storeID = expectedStore
        let subject = AnchorLog.name

        if row == nil {
            if (logLength ?? 0) > 0 {
                damage("anchor.marker-missing", subject, "förankringsloggen har rader men databasen säger att arkivet inte är förankrat (uppgiften har tagits bort)")
                return out
            }
            // Never anchored, or an init that stopped before its anchor committed.
            notice("anchor.not-anchored", storeName, verifier == nil
                ? "arkivet är inte förankrat utanför databasen; kör diarium init för att skapa en signeringsnyckel"
                : "arkivet är ännu inte förankrat med nyckeln (en init som avbröts?); kör diarium init")
            return out
        }
        if let verifier, rowKey != verifier.hex {
            damage("anchor.key-mismatch", "store_anchor", "arkivet är förankrat med en annan nyckel än den angivna (fel nyckel, eller ändrad databas)")
        }
        if let rowStore, let expectedStore, rowStore != expectedStore {
            damage("anchor.key-mismatch", "store_anchor", "nyckeln är gjord för ett annat arkiv än det här (fel nyckel, eller ändrad databas)")
        }
        if verifier == nil {
            notice("anchor.unchecked", subject, "förankringen kunde inte kontrolleras: \(why ?? "ingen nyckel"); ange --key FIL eller --public-key HEX. "
                   + "Loggens rader jämfördes med granskningsloggen utan signaturerna")
        }
        guard let logLength else {
            damage("anchor.log-missing", subject, "arkivet är förankrat men förankringsloggen saknas (borttagen)")
            return out
        }

        var malformed: [Int] = [], otherStore: [Int] = [], forged: [Int] = [], beyond: [Int] = [], rewritten: [Int] = []
        var newest: AnchorEntry?
        // Entries that passed the other checks, matched with the chain a batch at a time (one
        // statement per batch rather than per line), in the log's order.
        var pending: [(line: Int, entry: AnchorEntry)] = []
        func match() throws {
            guard !pending.isEmpty else { return }
            let hashes = try source.auditHashes(Array(Set(pending.map(\.entry.event))))
            for (n, e) in pending {
                guard hashes[e.event] == e.hash else { rewritten.append(n); continue }
                if e.event > newest?.event ?? 0 { newest = e }
            }
            pending.removeAll(keepingCapacity: true)
        }
        let (lines, tail) = try AnchorLog.lines(of: logURL, length: logLength) { n, line in
            out.report.entriesChecked += 1
            guard let e = AnchorEntry.parse(line) else { malformed.append(n); return }
            if let expectedStore, e.store != expectedStore { otherStore.append(n); return }
            if let verifier, !verifier.isValid(signature: e.signature, for: e.message) { forged.append(n); return }
            if e.event > head?.event ?? 0 { beyond.append(n); return }
            pending.append((n, e))
            if pending.count >= Self.lookupBatch { try match() }
        }
        try match()
        if tail > 0, !AnchorLog.lineCompletes(logURL, at: logLength - tail) { malformed.append(lines + 1) }

        func byLine(_ numbers: [Int], _ kind: String, _ message: String) {
            guard let first = numbers.first else { return }
            damage(kind, "\(subject) rad \(first)" + (numbers.count > 1 ? " m.fl." : ""),
                   message + (numbers.count > 1 ? " (\(numbers.count) rader)" : ""))
        }
        byLine(malformed, "anchor.log-malformed", "raden går inte att läsa som en förankring (ändrad eller avkortad)")
        byLine(otherStore, "anchor.other-store", "förankringen gäller ett annat arkiv")
        byLine(forged, "anchor.bad-signature", "signaturen stämmer inte (ändrad eller förfalskad förankring)")
        byLine(beyond, "anchor.beyond-chain", "förankringen gäller en händelse som inte finns i granskningsloggen: de senaste händelserna har tagits bort")
        byLine(rewritten, "anchor.mismatch", "den förankrade händelsen stämmer inte med granskningsloggen: den har skrivits om eller tagits bort")

        out.report.newestAnchor = newest
        let unanchored = try source.auditEventCount(after: newest?.event ?? 0)
        out.report.unanchoredEvents = unanchored
        if unanchored > 0 {
            notice("anchor.pending", "händelse \((newest?.event ?? 0) + 1)",
                   "de \(unanchored) senaste händelserna är ännu inte förankrade (en skrivning som avbröts efter sin commit, eller en avkortad förankringslogg); "
                   + "nästa skrivning förankrar dem. Jämför huvudet med det senast publicerade")
        }
        return out
    }

    /// Heads published earlier (`EVENT:HASH`) against the chain now. This is what exposes a
    /// rewrite the log cannot: of events after its newest surviving entry, once whole lines were
    /// cut off its end.
    static func checkPublished(_ heads: [AnchorReport.Head], _ source: some VerifySource) throws -> [VerifyReport.Finding] {
        guard !heads.isEmpty else { return [] }
        let hashes = try source.auditHashes(Array(Set(heads.map(\.event))))
        return heads.compactMap { h in
            guard hashes[h.event] != h.hash else { return nil }
            return .init(kind: "anchor.published-mismatch", subject: "händelse \(h.event)",
                         message: "granskningsloggen stämmer inte med det publicerade huvudet: händelsen har skrivits om eller tagits bort")
        }
    }
}
