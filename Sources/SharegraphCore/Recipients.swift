// Inverse queries: which controllers, purposes and categories reach a party, and where a category
// goes. They trace a stand-in for "anyone": every subject type of every controller, with no event
// known, so conditional flows show as conditional rather than as certain.

extension Subject {
    /// A stand-in for every person of every controller in the graph: all their subject types, every
    /// category their purposes name, and no event known.
    public static func anyone(in graph: Graph) -> Subject {
        var relationships: [Relationship] = []
        var seen = Set<String>()
        for purpose in graph.purposes where seen.insert(purpose.controller.value).inserted {
            let types = graph.purposes(controlledBy: purpose.controller.value).flatMap(\.subjects)
            var unique = Set<String>()
            relationships.append(
                Relationship(
                    controller: purpose.controller, subjectTypes: types.filter { unique.insert($0.value).inserted },
                    location: purpose.location))
        }
        return Subject(
            reference: Located("anyone", at: SourceLocation(file: "", line: 0, column: 0)),
            relationships: relationships, file: "")
    }
}
