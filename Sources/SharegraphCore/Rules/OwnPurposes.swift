// Whose purposes a recipient serves: the rule that decides how far a person's data travels past
// a recipient, asked by the walk.

extension Role {
    /// Art. 4(7) and Art. 26: an independent or joint controller decides purposes of its own, so
    /// the data it received travels on by the flows it sends for them (a collector taking a claim
    /// to court, a payment provider passing the card side to its acquirer); past that hop the data
    /// serves the recipient's purpose. A processor acts only for the controller (Art. 28(3)(a)).
    public var usesDataForOwnPurposes: Bool { self == .independentController || self == .jointController }
}

extension TraceIndex {
    /// `Role.usesDataForOwnPurposes` by the walk's role code (0, the collecting controller, is not a recipient).
    static let ownPurposeRoles: [Bool] = [false] + Role.allCases.map(\.usesDataForOwnPurposes)
}
