import DiariumKit
import DiariumModel
import Foundation
import HTTPTypes
import Hummingbird

/// Before any route: finds the session of the cookie, the visitor's CSRF token and request
/// list; reads a POST's form and refuses it (403, nothing done) unless it carries the token of
/// this visit. After: sets the visitor's CSRF cookie when it was new.
struct VisitMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let site: Site

    static let sessionCookie = "diarium_session"
    static let visitorCookie = "diarium_csrf"
    static let listCookie = "diarium_lista"

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        var context = context
        if site.behindProxy, let forwarded = request.headers[.xForwardedFor],
           let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty {
            context.remoteAddress = last
        }
        context.remoteAddress = Self.throttleKey(context.remoteAddress)
        let cookies = request.cookies
        var sessionCookieSent = false
        if let token = cookies[site.cookieName(Self.sessionCookie)]?.value, !token.isEmpty {
            sessionCookieSent = true
            do throws(DiariumError) {
                if let s = try await site.diarium.session(token: token) {
                    context.session = s
                    context.sessionToken = token
                }
            } catch { return site.refusal(error, context) }
        }
        let visitorToken = (cookies[site.cookieName(Self.visitorCookie)]?.value).flatMap { Self.isToken($0) ? $0 : nil }
        context.csrf = context.session?.csrf ?? visitorToken ?? site.diarium.newFormToken()
        context.newVisitorToken = context.session == nil && visitorToken == nil
        context.requestList = RequestList.parse(cookies[site.cookieName(Self.listCookie)]?.value)

        if request.method == .post {
            // Only a logged-in registrar's upload may be large; every other form fits in a
            // megabyte, so that nobody can make the server hold big bodies before any check.
            let path = request.uri.path
            let mayUpload = (path == "/personal/registrera" && context.session?.roles.contains(.registrator) == true)
                || (Site.ledgerUploads.contains(path) && context.session?.roles.contains(.handlaggare) == true)
            switch await readForm(request, limit: mayUpload ? site.uploadLimit + 1_048_576 : 1_048_576) {
            case .refused(let refusal): return refusal
            case .read(let form): context.form = form
            }
            // A session that ended (idle, logged out elsewhere, the account disabled) is told as
            // such, not as a missing security code.
            if sessionCookieSent, context.session == nil {
                var response = site.message(title: "Du har loggats ut",
                                            text: "Din inloggning har upphört, så formuläret kunde inte tas emot och ingenting har sparats. Logga in igen; med webbläsarens bakåtknapp hittar du det du skrev.",
                                            status: .unauthorized, context)
                response.setCookie(site.cookie(Self.sessionCookie, "", request: request, maxAge: 0))
                return response
            }
            guard let sent = context.form["csrf"], Self.same(sent, context.csrf), !context.newVisitorToken || context.session != nil else {
                return site.message(title: "Formuläret kunde inte tas emot",
                                    text: "Formulärets säkerhetskod saknas eller har gått ut (till exempel efter en utloggning). Ingenting har sparats. Gå tillbaka, ladda om sidan och försök igen.",
                                    status: .forbidden, context)
            }
        }
        var response = try await next(request, context)
        // A session cookie that opens nothing any more is taken away, so that the next form is
        // the visitor's and not refused as a logged-out staff member's.
        if sessionCookieSent, context.session == nil {
            response.setCookie(site.cookie(Self.sessionCookie, "", request: request, maxAge: 0))
        }
        if site.behindProxy { response.headers[.strictTransportSecurity] = "max-age=31536000" }
        if context.newVisitorToken, response.headers[.contentType]?.hasPrefix("text/html") == true {
            response.setCookie(site.cookie(Self.visitorCookie, context.csrf, request: request))
        }
        return response
    }

    /// The form of a POST, within the upload limit; a refusal page when it is too large or of a
    /// kind no form sends.
    enum FormRead {
        case read(FormBody)
        case refused(Response)
    }

    func readForm(_ request: Request, limit: Int) async -> FormRead {
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: limit) } catch {
            let text = limit > 1_048_576 ? "En fil får vara högst \(site.uploadLimit / 1_048_576) MB. Ingenting har sparats."
                : "Formuläret var större än ett formulär kan vara. Ingenting har sparats."
            return .refused(site.message(title: "Det du skickade är för stort", text: text, status: .contentTooLarge, nil))
        }
        let data = Data(buffer.readableBytesView)
        let type = request.headers[.contentType] ?? ""
        var form: FormBody?
        if type.lowercased().hasPrefix("application/x-www-form-urlencoded") || type.isEmpty && data.isEmpty {
            form = FormBody(urlEncoded: data)
        } else if type.lowercased().hasPrefix("multipart/form-data"), let boundary = FormBody.parameter("boundary", in: type),
                  !boundary.isEmpty {
            form = FormBody(multipart: data, boundary: boundary)
        }
        guard let form, form.isWhole else {
            return .refused(site.message(title: "Formuläret kunde inte läsas",
                                         text: "Det som skickades var inte ett formulär som går att läsa (eller hade fler än \(FormBody.maxFields) fält). Ingenting har sparats.",
                                         status: .badRequest, nil))
        }
        return .read(form)
    }

    /// The address login throttling counts by: an IPv6 address by its /64 (one subscriber's
    /// network), an IPv4 address as it is.
    static func throttleKey(_ address: String) -> String {
        guard address.contains(":") else { return address }
        // An IPv4 client on a dual-stack socket (`::ffff:192.0.2.1`) is its IPv4 address.
        if let last = address.split(separator: ":").last, last.contains(".") { return String(last) }
        var groups = address.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if let gap = groups.firstIndex(of: ""), groups.count < 8 {
            groups.replaceSubrange(gap...gap, with: Array(repeating: "0", count: 8 - groups.count + 1))
        }
        return groups.prefix(4).map { $0.isEmpty ? "0" : $0.lowercased() }.joined(separator: ":") + "::/64"
    }

    static func isToken(_ s: String) -> Bool {
        (20...100).contains(s.count) && s.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" }
    }

    /// Compares in time that does not depend on where the strings differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count, !x.isEmpty else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}

/// The visitor's request list ("Begär ut"), kept in a cookie of diarienummer: public numbers,
/// nothing else, so no account or server state is needed.
enum RequestList {
    static let maxCount = 50

    static func parse(_ value: String?) -> [String] {
        guard let value, let text = value.removingPercentEncoding else { return [] }
        var seen: [String] = []
        for n in text.split(separator: ",") where seen.count < maxCount {
            if let number = DocumentNumber(parsing: CaseNumber.typed(String(n)))?.description, !seen.contains(number) {
                seen.append(number)
            }
        }
        return seen
    }

    static func cookieValue(_ list: [String]) -> String {
        list.joined(separator: ",").addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }
}

extension HTTPResponse.Status {
    static let contentTooLarge = HTTPResponse.Status(code: 413, reasonPhrase: "Content Too Large")
}
