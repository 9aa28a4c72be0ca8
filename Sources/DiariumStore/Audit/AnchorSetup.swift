import DiariumModel
public import Foundation

/// The anchor of a store as `init` leaves it.
public struct AnchorSetup: Sendable, Hashable {
    public let keyURL: URL
    public let publicKey: AnchorPublicKey
    /// The key file was made by this init.
    public let keyCreated: Bool
    /// The store was anchored by this init: a new store, or one made before anchoring existed.
    public let anchoredNow: Bool
    package init(keyURL: URL, publicKey: AnchorPublicKey, keyCreated: Bool, anchoredNow: Bool) {
        self.keyURL = keyURL
        self.publicKey = publicKey
        self.keyCreated = keyCreated
        self.anchoredNow = anchoredNow
    }
}
