import DiariumKit
import DiariumModel
public import Hummingbird
import NIOCore

/// What a request carries through the web: the peer's address (for login throttling), the
/// session if someone is logged in, the CSRF token its forms must carry, the visitor's request
/// list, and a POST's form once read.
public struct WebContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's IP address (the peer's, or behind the proxy the one it forwarded; an IPv6
    /// address by its /64), or "okänd" when the channel has none (in-process tests).
    var remoteAddress: String
    var session: StaffSession?
    /// The session cookie's token, when it opened `session`.
    var sessionToken: String?
    /// The token every form of this visit carries: the session's, else the visitor's cookie.
    var csrf = ""
    /// The visitor had no CSRF cookie: one is set on the response.
    var newVisitorToken = false
    /// The documents in the visitor's request list (diarienummer).
    var requestList: [String] = []
    /// A POST's fields and files, read and checked for its CSRF token before the route runs.
    var form = FormBody()

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "okänd"
    }

    /// Who acts: the logged-in account, else a member of the public.
    var principal: Principal { session?.principal ?? Site.visitorPrincipal }
}
