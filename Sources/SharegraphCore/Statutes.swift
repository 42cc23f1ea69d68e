// The retention duties of Nordic statutes, built in: a graph names one by id under a purpose's
// `duty:` without copying another graph's file (and its parties and flows) to get it.

/// Legal retention duties every graph may name without defining them (Art. 17(3)(b)). A graph that
/// defines a duty with the same id uses its own definition instead.
public enum BuiltInStatutes {
    /// Where a built-in duty is "written": diagnostics about it point here.
    public static let location = SourceLocation(file: "<built-in statutes>", line: 1, column: 1)

    /// One statute's duty: its id, its name, the provision, the country, the rule, what it keeps and
    /// the categories it covers, with the rule's reading in a note.
    static func duty(
        _ id: String, _ name: String, law: String, country: String, retention: String, keeps: DutyKeeping = .restricted,
        categories: [String], note: String
    ) -> RetentionDuty {
        let rule: RetentionRule
        switch RetentionRule.parse(retention) {
        case .success(let parsed): rule = parsed
        case .failure: preconditionFailure("built-in statute `\(id)` has an invalid rule: \(retention)")
        }
        return RetentionDuty(
            id: Located(id, at: location), name: name, law: law, country: Located(country, at: location),
            retention: Located(rule, at: location), categories: categories.map { Located($0, at: location) },
            keeps: keeps, provenance: Provenance(note: note), location: location)
    }

    static let bookkeepingRecords = ["identity.name", "financial.invoice", "financial.transaction"]
    static let dueDiligence = [
        "identity.name", "identity.national-id", "identity.date-of-birth", "financial.transaction",
    ]
    static let patientRecord = ["health", "identity.name", "identity.national-id", "identity.date-of-birth"]

    /// Every built-in duty.
    public static let all: [RetentionDuty] = [
        duty(
            "no-bookkeeping", "Norwegian bookkeeping act", law: "bokføringsloven § 13", country: "NO",
            retention: "financial-year-end + 5 years", categories: bookkeepingRecords,
            note:
                "Primary accounting documentation is kept for 5 years after the end of the financial year. A sales document names the buyer (bokføringsforskriften § 5-1-1), so the name is kept with it."
        ),
        duty(
            "se-bookkeeping", "Swedish bookkeeping act", law: "bokföringslagen 7 kap. 2 §", country: "SE",
            retention: "end of year of financial-year-end + 7 years", categories: bookkeepingRecords,
            note:
                "Accounting records are kept until the end of the seventh year after the calendar year in which the financial year ended. A voucher names the counterparty (bokföringslagen 5 kap. 7 §)."
        ),
        duty(
            "dk-bookkeeping", "Danish bookkeeping act", law: "bogføringsloven (lov nr. 700 af 24. maj 2022)",
            country: "DK", retention: "financial-year-end + 5 years", categories: bookkeepingRecords,
            note:
                "Accounting material is kept for 5 years from the end of the financial year it concerns (so § 10 of the act of 2006; the act of 2022 kept the period). The citation names the act, not its section: check the section in force."
        ),
        duty(
            "fi-bookkeeping", "Finnish accounting act", law: "kirjanpitolaki 2 luku 10 §", country: "FI",
            retention: "end of year of financial-year-end + 6 years", categories: bookkeepingRecords,
            note:
                "Vouchers and business correspondence are kept for 6 years from the end of the calendar year in which the financial year ended (the books themselves 10 years from the end of the financial year, but they name no one)."
        ),
        duty(
            "no-aml", "Norwegian anti-money-laundering act", law: "hvitvaskingsloven § 30", country: "NO",
            retention: "customer-relationship-end + 5 years", categories: dueDiligence,
            note:
                "Documents and information from customer due diligence are kept for 5 years after the customer relationship ended (or an occasional transaction was carried out), used for nothing but the act's purposes."
        ),
        duty(
            "se-aml", "Swedish anti-money-laundering act", law: "penningtvättslagen (2017:630) 5 kap. 3 §",
            country: "SE", retention: "customer-relationship-end + 5 years", categories: dueDiligence,
            note:
                "Documents and information from customer due diligence are kept for 5 years after the business relationship ended (or an occasional transaction was carried out)."
        ),
        duty(
            "se-patient-record", "Swedish patient record duty", law: "patientdatalagen (2008:355) 3 kap. 17 §",
            country: "SE", retention: "at least last-entry + 10 years", keeps: .inUse, categories: patientRecord,
            note:
                "A record is kept at least ten years after the last entry. It is kept for the patient's further care, so it stays in use, not restricted; the law states no end beyond the minimum."
        ),
        duty(
            "no-patient-record", "Norwegian patient record duty", law: "pasientjournalforskriften § 15",
            country: "NO", retention: "until record-no-longer-needed", keeps: .inUse, categories: patientRecord,
            note:
                "A record is kept until it can be assumed no longer needed for health care. It stays in use; its end is a judgement the health-care provider records."
        ),
    ]

    /// The built-in duties by id.
    public static let byID: [String: RetentionDuty] = Dictionary(
        all.map { ($0.id.value, $0) }, uniquingKeysWith: { first, _ in first })
}
