import HTTPTypes
import Hummingbird

/// The headers every response carries: a strict Content-Security-Policy (no inline script or
/// style, nothing from elsewhere, no framing), no MIME sniffing, no referrer to other sites.
struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
    static var policy: String {
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    }

    /// A released copy opened as it is (its own inline style, nothing else): a sandbox with no
    /// script, no form, no origin, and no framing.
    static var copyPolicy: String {
        "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'; frame-ancestors 'none'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do { response = try await next(request, context) } catch let error as any HTTPResponseError {
            // Hummingbird's own refusals (no such route, a method not allowed) get the headers too.
            response = try error.response(from: request, context: context)
        }
        // The one exception is the copy's own sandbox, which is stricter where it matters.
        if response.headers[.contentSecurityPolicy] != Self.copyPolicy { response.headers[.contentSecurityPolicy] = Self.policy }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "no-referrer"
        response.headers[.xFrameOptions] = "DENY"
        return response
    }
}

extension HTTPField.Name {
    static let xFrameOptions = Self("X-Frame-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
}
