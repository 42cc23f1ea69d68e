// The rights that follow from each Art. 6(1) basis, written from the articles before the code ran.

import SharegraphCore
import Testing

struct RightsTests {
    @Test func eachBasisGivesTheRightsTheArticlesGrant() {
        // Art. 6(1)(a): every right but objection; consent may be withdrawn (Art. 7(3)).
        #expect(
            DataSubjectRights.available(under: .consent)
                == [.access, .rectification, .erasure, .restriction, .portability, .withdrawConsent])
        // Art. 6(1)(b): portability (Art. 20(1)(a)), no objection (Art. 21(1) names (e) and (f) only).
        #expect(
            DataSubjectRights.available(under: .contract)
                == [.access, .rectification, .erasure, .restriction, .portability])
        // Art. 6(1)(c): no erasure (Art. 17(3)(b)), no portability, no objection.
        #expect(DataSubjectRights.available(under: .legalObligation) == [.access, .rectification, .restriction])
        // Art. 6(1)(d): erasure, but neither portability nor objection.
        #expect(
            DataSubjectRights.available(under: .vitalInterests) == [.access, .rectification, .erasure, .restriction])
        // Art. 6(1)(e): objection (Art. 21(1)), no erasure (Art. 17(3)(b)).
        #expect(
            DataSubjectRights.available(under: .publicTask) == [.access, .rectification, .restriction, .objection])
        // Art. 6(1)(f): erasure and objection (Art. 21(1)).
        #expect(
            DataSubjectRights.available(under: .legitimateInterests)
                == [.access, .rectification, .erasure, .restriction, .objection])
    }
}
