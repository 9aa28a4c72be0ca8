import DiariumModel

/// What a use case asks of the principal who calls it. Roles are checked when the call binds
/// (UseCases.swift); the organisation when the use case knows which one it touches.
enum Need {
    /// Anyone, the public too (the public search and view, a request for documents).
    case anyone
    /// Anyone holding a role: any employee (a deviation report, the internal search).
    case staff
    /// One of these roles.
    case role(Principal.Role)
}

enum Access {
    static func roleMessage(_ role: Principal.Role, _ what: String) -> String {
        "du har inte behörighet att \(what); det kräver rollen \(role.label)"
    }
}

extension Diarium {
    /// This Diarium bound to `principal` for one call, once `principal` meets `need`; `what`
    /// says in Swedish what the call does, for the refusal.
    func bound(to principal: Principal, _ need: Need, _ what: String) throws(DiariumError) -> Diarium {
        switch need {
        case .anyone: break
        case .staff:
            guard principal.isStaff else {
                throw .denied(rule: "access.staff", message: "du har inte behörighet att \(what); det kräver ett konto med en roll")
            }
        case .role(let role):
            guard principal.holds(role) else { throw .denied(rule: "access.role", message: Access.roleMessage(role, what)) }
        }
        return bound(to: principal)
    }

    /// Refuses a principal who does not act for the organisation `code`.
    func requireOrganisation(_ code: String) throws(DiariumError) {
        guard principal.organisations.contains(code) else {
            throw .denied(rule: "access.organisation", message: "du företräder inte organisationen \(code) och kan inte hantera dess handlingar")
        }
    }

    /// Refuses anyone but staff.
    func requireStaff(_ what: String) throws(DiariumError) {
        guard principal.isStaff else {
            throw .denied(rule: "access.staff", message: "du har inte behörighet att \(what); det kräver ett konto med en roll")
        }
    }

    /// Whether the principal acts for `code` (for lists that show only what is theirs).
    func actsFor(_ code: String) -> Bool { principal.organisations.contains(code) }
}
