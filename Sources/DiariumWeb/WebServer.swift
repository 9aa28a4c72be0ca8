public import Hummingbird
import Logging

/// `diarium serve`: the web application over one long-lived Diarium.
public enum WebServer {
    /// The router of every page, with the security headers on every response.
    public static func router(_ site: Site) -> Router<WebContext> {
        let router = Router(context: WebContext.self)
        router.add(middleware: SecurityHeaders())
        router.add(middleware: VisitMiddleware(site: site))
        site.addPublicRoutes(to: router)
        site.addRequestListRoutes(to: router)
        site.addAccountRoutes(to: router)
        site.addStaffRoutes(to: router)
        return router
    }

    /// The application on `host:port` (loopback unless told otherwise).
    public static func application(_ site: Site, host: String, port: Int) -> some ApplicationProtocol {
        var logger = Logger(label: "diarium.web")
        // Request lines name URLs, and a search URL holds what someone typed: nothing is logged
        // per request.
        logger.logLevel = .warning
        return Application(router: router(site), configuration: .init(address: .hostname(host, port: port), serverName: "Diarium"),
                           logger: logger)
    }
}
