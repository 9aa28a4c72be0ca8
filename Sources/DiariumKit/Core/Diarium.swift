public import DiariumModel
public import DiariumRender
import DiariumRules
import DiariumText
public import DiariumStore
import DiariumSQLite
import DiariumPostgres
import DiariumXML
public import Foundation

/// The one API the CLI and the web application call: each use case is a method here (or in an
/// extension named after it), and none of them lets a caller bypass the rules or the masking.
public final class Diarium: Sendable {
    /// The store behind the Kit, through its protocols (`StoreBackend`): for the tools (bench,
    /// demo) and tests only; every caller goes through the Kit's use cases, which hold the rules
    /// and the masking.
    @_spi(Tools) public let store: any StoreBackend
    let home: DiariumHome
    /// The legal data with the document types of the store's information management plan,
    /// shared by every bound copy and replaced when the plan changes (`reloadPlan`).
    let planState: PlanState
    var legal: LegalData { planState.legal }
    let procurementLegal: ProcurementLegalData
    let deviationData: DeviationData
    let accessData: AccessData
    /// Working days for request deadlines (Swedish holidays; the eves as the store's config says).
    let calendar: WorkingDayCalendar
    let templates: TemplateSet
    /// The renderer with the plan's labels as they are now.
    @_spi(Tools) public var renderer: Renderer { Renderer(templates: templates, legal: legal) }
    let schemas: SchemaSet
    /// Who acts in the use case running on this value. The long-lived `Diarium` a face opens
    /// acts for nobody; each public use case runs on a copy bound to the caller's principal
    /// (`bound(to:_:_:)`, UseCases.swift), so an internal path that forgot to bind is refused.
    let principal: Principal
    /// The name the register and the audit log record.
    var actor: String { principal.name }
    @_spi(Tools) public let clock: @Sendable () -> Date
    /// bcrypt's cost, login throttling and session lifetimes.
    public let loginPolicy: LoginPolicy
    /// Search counts kept until the register changes; shared by every bound copy.
    let countCache: CountCache

    /// Opens the store at `storeURL` with the templates and schemas of `home`. `key` names the
    /// anchor key file (default: beside the store folder, `AnchorKey.defaultURL(forStoreAt:)`);
    /// only writes to an anchored store need it. Open one per process: it migrates the store and
    /// parses every template; who acts is passed with each call (`as:`).
    public convenience init(store storeURL: URL, home: DiariumHome, key: URL? = nil, loginPolicy: LoginPolicy = LoginPolicy(),
                            clock: @escaping @Sendable () -> Date = { Date() }) throws(DiariumError) {
        let backend: any StoreBackend
        do { backend = try Self.openBackend(storeURL, key: key) } catch { throw .store(error) }
        try self.init(backend: backend, home: home, loginPolicy: loginPolicy, clock: clock)
    }

    /// The Kit on a store already open (a store being moved between backends, verified before
    /// its folder switches over).
    init(backend: any StoreBackend, home: DiariumHome, loginPolicy: LoginPolicy = LoginPolicy(),
         clock: @escaping @Sendable () -> Date = { Date() }) throws(DiariumError) {
        let bundledLegal: LegalData
        do {
            bundledLegal = try LegalData.bundled()
            procurementLegal = try ProcurementLegalData.bundled()
            deviationData = try DeviationData.bundled()
            accessData = try AccessData.bundled()
        } catch { throw .setup("\(error)") }
        let templates: TemplateSet
        do { templates = try TemplateSet(directory: home.templates) } catch { throw .setup(error.description) }
        store = backend
        // The document types are the store's information management plan (its labels for
        // pages and documents; registration checks the plan itself in its transaction).
        // A store made before the plan, opened by a reader without the write key (a verifier):
        // the default plan in memory, written by the first open that may write.
        let plan: [PlanType]
        do { plan = try Self.ensurePlan(in: store) } catch { plan = try Self.defaultPlan() }
        planState = PlanState(PlanState.legal(bundledLegal, plan))
        do { calendar = try WorkingDayCalendar.bundled(evesAreNonWorking: store.config.evesAreNonWorking) } catch { throw .setup("\(error)") }
        self.home = home
        self.templates = templates
        schemas = SchemaSet(directory: home.schemas)
        principal = Self.nobody
        self.clock = clock
        self.loginPolicy = loginPolicy
        countCache = CountCache()
    }

    /// The principal of the long-lived instance: no role, no organisation, so nothing runs on it
    /// unbound.
    static let nobody = Principal(name: "ingen", roles: [], organisations: .only([]))

    /// The same Diarium acting for `principal`, sharing everything loaded once (a few references
    /// copied, nothing opened or parsed).
    func bound(to principal: Principal) -> Diarium {
        Diarium(sharing: self, principal: Principal(name: Self.cleanActor(principal.name), roles: principal.roles,
                                                    organisations: principal.organisations))
    }

    /// `bound(to:)` for the tools that run the Kit's internals (the bench's parts alone).
    @_spi(Tools) public func acting(as principal: Principal) -> Diarium { bound(to: principal) }

    private init(sharing other: Diarium, principal: Principal) {
        store = other.store
        home = other.home
        planState = other.planState
        procurementLegal = other.procurementLegal
        deviationData = other.deviationData
        accessData = other.accessData
        calendar = other.calendar
        templates = other.templates
        schemas = other.schemas
        self.principal = principal
        clock = other.clock
        loginPolicy = other.loginPolicy
        countCache = other.countCache
    }

    /// A write transaction as the use cases see it: every store aggregate's writes, failing with
    /// the Kit's own error.
    typealias Transaction = any StoreTransaction<DiariumError>

    /// Runs a store read, its failure the store's.
    func stored<T>(_ body: () throws(StoreError) -> T) throws(DiariumError) -> T {
        do { return try body() } catch { throw .store(error) }
    }

    /// The store folder's backend: a PostgreSQL store when the folder says so, else SQLite.
    static func openBackend(_ storeURL: URL, key: URL?) throws(StoreError) -> any StoreBackend {
        PostgresStore.isStore(at: storeURL) ? try PostgresStore(at: storeURL, key: key) : try SQLiteStore(at: storeURL, key: key)
    }

    /// Creates the store at `storeURL` with the bundled organisation config, or leaves an existing
    /// one as it is, and anchors it unless it is anchored already (creating the key at `key`,
    /// default beside the store folder). Returns whether it was created now and its anchor.
    ///
    /// With `index`, the register is a PostgreSQL database (which must hold no store yet) and the
    /// archive objects a folder every server mounts; without it, SQLite in the store folder.
    public static func initialize(store storeURL: URL, as principal: Principal, key: URL? = nil, index: SharedIndex? = nil) throws(DiariumError)
        -> (created: Bool, config: RegionConfig, anchor: AnchorSetup) {
        guard principal.holds(.admin) else {
            throw .denied(rule: "access.role", message: Access.roleMessage(.admin, "skapa ett arkiv"))
        }
        let config = try DefaultConfig.load()
        let made: (store: any StoreBackend, created: Bool, anchor: AnchorSetup)
        do {
            if let index {
                made = try PostgresStore.create(at: storeURL, database: index.database, objects: index.objects, config: config,
                                                actor: cleanActor(principal.name), key: key)
            } else if PostgresStore.isStore(at: storeURL) {
                made = try PostgresStore.initExisting(at: storeURL, actor: cleanActor(principal.name), key: key)
            } else {
                made = try SQLiteStore.create(at: storeURL, config: config, actor: cleanActor(principal.name), key: key)
            }
        } catch {
            throw .store(error)
        }
        _ = try ensurePlan(in: made.store)
        return (made.created, made.store.config, made.anchor)
    }

    /// The user name for the register and the audit log: `DIARIUM_USER`, else the login name.
    public static func defaultActor(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        environment["DIARIUM_USER"] ?? environment["USER"] ?? environment["LOGNAME"] ?? "okänd användare"
    }

    /// The actor as the register and the log record it: normalised as any typed value, with
    /// control and invisible characters dropped (a login name is not the user's to refuse).
    static func cleanActor(_ a: String) -> String {
        let visible = String(String.UnicodeScalarView(a.unicodeScalars.filter { !InputText.isControl($0) && !InputText.isInvisible($0) }))
        guard let cleaned = (try? InputText.normalise(visible).get()).flatMap({ $0 }) else { return "okänd användare" }
        return String(String.UnicodeScalarView(cleaned.unicodeScalars.prefix(100)))
    }

    @_spi(Tools) public var today: CivilDate { store.today(clock()) }

    /// Validates XML we rendered ourselves. A failure is our bug, never the user's: it is
    /// reported without libxml2's text, which could quote a secret value of the document.
    @_spi(Tools) public func checkOwnXML(_ xml: String, schema name: String) throws(DiariumError) {
        let doc: ParsedXMLDocument
        do { doc = try HardenedXMLParser.parse(Data(xml.utf8)) } catch {
            throw .internalFault("rendered \(name) XML is not well-formed at line \(error.line ?? 0)")
        }
        let issues = try schemas.schema(name).validate(doc)
        if let first = issues.first {
            throw .internalFault("rendered \(name) XML breaks \(name).xsd at line \(first.line) (code \(first.code))")
        }
    }
}

/// The organisation config `init` writes: Region Sörmland, Region Västmanland and their joint
/// procurement board. Organisation numbers to be verified at Bolagsverket (DOMAIN.md §9).
enum DefaultConfig {
    static func load() throws(DiariumError) -> RegionConfig {
        guard let url = Bundle.module.url(forResource: "organisations", withExtension: "json", subdirectory: "Defaults") else {
            throw .setup("the bundled organisation config is missing from the build")
        }
        do { return try JSONDecoder().decode(RegionConfig.self, from: Data(contentsOf: url)) } catch {
            throw .setup("bundled organisation config: \(error)")
        }
    }
}
