import SharegraphCore
import Testing

/// Art. 9(1): which categories are special, including those a graph adds under the built-in ones.
@Suite struct TaxonomyTests {
    @Test func builtInSpecialCategoriesAndTheirChildrenAreSpecial() {
        let taxonomy = Taxonomy.builtIn
        // Art. 9(1) names health data; a kind of health data is health data.
        #expect(taxonomy.isSpecial("health"))
        #expect(taxonomy.isSpecial("health.dietary"))
        #expect(!taxonomy.isSpecial("contact.email"))
        #expect(!taxonomy.isSpecial("contact"))
        // An id the taxonomy does not know is not called special (the lint reports it as unknown).
        #expect(!taxonomy.isSpecial("no-such-category"))
    }

    @Test func categoriesAGraphAddsInheritSpecialFromTheirParents() {
        var taxonomy = Taxonomy.builtIn
        // Art. 9(1): a graph's own kind of health data is special although it says nothing of it.
        taxonomy.add(CategoryInfo(id: "health.allergy", name: "allergies"))
        #expect(taxonomy.isSpecial("health.allergy"))
        taxonomy.add(CategoryInfo(id: "contact.pager", name: "pager number"))
        #expect(!taxonomy.isSpecial("contact.pager"))
        // A new special category marks the children added after it, and not its own parent.
        taxonomy.add(CategoryInfo(id: "membership", name: "membership"))
        taxonomy.add(CategoryInfo(id: "membership.union", name: "trade union membership", special: true))
        taxonomy.add(CategoryInfo(id: "membership.union.branch", name: "union branch"))
        #expect(taxonomy.isSpecial("membership.union"))
        #expect(taxonomy.isSpecial("membership.union.branch"))
        #expect(!taxonomy.isSpecial("membership"))
        // Re-adding a parent as special marks the children that were already there.
        taxonomy.add(CategoryInfo(id: "membership", name: "membership", special: true))
        #expect(taxonomy.isSpecial("membership"))
    }
}
