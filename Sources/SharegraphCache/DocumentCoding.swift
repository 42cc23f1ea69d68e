// One parsed graph file in the cache's layout: the document with every element, value and place,
// and the parse's findings. Every location in a file's parse is in that file, so a place is
// written as its line and column and read back in the file as it is named in this run.

import SharegraphCore
import SharegraphYAML

/// Writes and reads a `ParsedFile`; `decode(encode(x)) == x` for every parse (tested).
enum DocumentCoding {
    /// The parse as bytes; nil when it names a place in another file, which the layout cannot hold.
    static func encode(_ parsed: ParsedFile, file: String) -> [UInt8]? {
        var encoder = Encoder(file: file)
        encoder.parsed(parsed)
        return encoder.foreignPlace ? nil : encoder.writer.finished()
    }

    /// The parse the bytes hold, its places in `file`.
    static func decode(_ bytes: [UInt8], file: String) throws -> ParsedFile {
        var decoder = Decoder(reader: try CacheReader(bytes), origin: SourceLocation(file: file, line: 1, column: 1))
        let parsed = try decoder.parsed()
        guard decoder.reader.isAtEnd else { throw CacheFormatError() }
        return parsed
    }

    /// An assembly's findings, each place with the number of its file in `files`; nil when a
    /// place is in none of them.
    static func encodeFindings(_ diagnostics: [Diagnostic], files: [String]) -> [UInt8]? {
        var encoder = Encoder(files: files)
        encoder.list(diagnostics) { $0.diagnostic($1) }
        return encoder.foreignPlace ? nil : encoder.writer.finished()
    }

    /// The findings `encodeFindings` wrote, placed in `files` as they are named in this run.
    static func decodeFindings(_ bytes: [UInt8], files: [String]) throws -> [Diagnostic] {
        var decoder = Decoder(
            reader: try CacheReader(bytes), origins: files.map { SourceLocation(file: $0, line: 1, column: 1) })
        let diagnostics = try decoder.list(minimumBytes: 6) { try $0.diagnostic() }
        guard decoder.reader.isAtEnd else { throw CacheFormatError() }
        return diagnostics
    }

    // MARK: Writing

    private struct Encoder {
        /// The files places may be in, by number; with one file, places carry no number.
        let numbers: [String: Int]
        let numbered: Bool
        var writer = CacheWriter()
        var foreignPlace = false

        init(file: String) { self.init(files: [file]) }

        init(files: [String]) {
            numbers = Dictionary(files.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            numbered = files.count > 1
        }

        mutating func list<Value>(_ values: [Value], _ write: (inout Encoder, Value) -> Void) {
            writer.unsigned(UInt64(values.count))
            for value in values { write(&self, value) }
        }

        mutating func maybe<Value>(_ value: Value?, _ write: (inout Encoder, Value) -> Void) {
            writer.bool(value != nil)
            if let value { write(&self, value) }
        }

        mutating func parsed(_ parsed: ParsedFile) {
            writer.bool(parsed.isText)
            list(parsed.diagnostics) { e, diagnostic in e.diagnostic(diagnostic) }
            maybe(parsed.document) { e, document in e.document(document) }
        }

        mutating func place(_ location: SourceLocation) {
            guard let number = numbers[location.file] else {
                foreignPlace = true
                return
            }
            if numbered { writer.unsigned(UInt64(number)) }
            writer.int(location.line)
            writer.int(location.column)
        }

        mutating func located(_ value: Located<String>) {
            writer.string(value.value)
            place(value.location)
        }

        mutating func optionalLocated(_ value: Located<String>?) {
            maybe(value) { e, value in e.located(value) }
        }

        mutating func references(_ values: [Reference]) {
            list(values) { e, value in e.located(value) }
        }

        mutating func translations(_ names: [String: String]) {
            writer.array(names.sorted { $0.key < $1.key }) { writer, entry in
                writer.string(entry.key)
                writer.string(entry.value)
            }
        }

        mutating func diagnostic(_ diagnostic: Diagnostic) {
            writer.string(diagnostic.id)
            writer.string(diagnostic.severity.rawValue)
            writer.string(diagnostic.message)
            place(diagnostic.location)
            writer.optional(diagnostic.hint) { $0.string($1) }
            writer.optional(diagnostic.article) { $0.string($1) }
        }

        mutating func provenance(_ provenance: Provenance) {
            writer.optional(provenance.note) { $0.string($1) }
            writer.optional(provenance.source) { writer, quote in
                writer.string(quote.text)
                writer.optional(quote.section) { $0.string($1) }
            }
            writer.bool(provenance.assumed)
        }

        mutating func date(_ date: Located<CalendarDate>?) {
            maybe(date) { e, date in
                e.writer.string(date.value.description)
                e.place(date.location)
            }
        }

        mutating func period(_ period: Period) {
            writer.int(period.amount)
            writer.string(period.unit.rawValue)
        }

        mutating func rule(_ rule: RetentionRule) {
            writer.string(rule.kind.rawValue)
            writer.string(rule.event)
            writer.bool(rule.fromEndOfYear)
            period(rule.period)
            writer.int(rule.eventOffset)
            list(rule.parts) { e, part in e.rule(part) }
        }

        mutating func locatedRule(_ rule: Located<RetentionRule>?) {
            maybe(rule) { e, rule in
                e.rule(rule.value)
                e.place(rule.location)
            }
        }

        mutating func condition(_ condition: Condition) {
            switch condition {
            case .always: writer.unsigned(0)
            case .event(let event):
                writer.unsigned(1)
                located(event)
            case .unless(let event):
                writer.unsigned(2)
                located(event)
            case .consent(let purpose):
                writer.unsigned(3)
                located(purpose)
            case .fact(let fact, let value):
                writer.unsigned(4)
                located(fact)
                located(value)
            case .all(let parts):
                writer.unsigned(5)
                list(parts) { e, part in e.condition(part) }
            }
        }

        mutating func locatedChoice<Value: RawRepresentable>(_ value: Located<Value>?) where Value.RawValue == String {
            maybe(value) { e, value in
                e.writer.string(value.value.rawValue)
                e.place(value.location)
            }
        }

        mutating func document(_ document: GraphDocument) {
            maybe(document.policy) { e, policy in
                e.writer.optional(policy.title) { $0.string($1) }
                e.optionalLocated(policy.controller)
                e.writer.optional(policy.document) { $0.string($1) }
                e.writer.optional(policy.url) { $0.string($1) }
                e.date(policy.validFrom)
                e.writer.optional(policy.language) { $0.string($1) }
            }
            list(document.parties) { e, party in e.party(party) }
            list(document.categories) { e, category in
                e.writer.string(category.id)
                e.writer.string(category.name)
                e.writer.bool(category.special)
                e.writer.optional(category.fides) { $0.string($1) }
                e.writer.optional(category.dpv) { $0.string($1) }
                e.maybe(category.location) { e, location in e.place(location) }
                e.translations(category.translations)
            }
            list(document.subjectTypes) { e, definition in e.definition(definition) }
            list(document.events) { e, definition in e.definition(definition) }
            list(document.facts) { e, fact in
                e.located(fact.id)
                e.writer.string(fact.name)
                e.translations(fact.translations)
                e.references(fact.values)
                e.provenance(fact.provenance)
                e.place(fact.location)
            }
            list(document.duties) { e, duty in
                e.located(duty.id)
                e.writer.string(duty.name)
                e.writer.string(duty.law)
                e.optionalLocated(duty.country)
                e.locatedRule(duty.retention)
                e.references(duty.categories)
                e.writer.string(duty.keeps.rawValue)
                e.provenance(duty.provenance)
                e.place(duty.location)
            }
            list(document.purposes) { e, purpose in e.purpose(purpose) }
            list(document.contracts) { e, contract in
                e.located(contract.id)
                e.locatedChoice(contract.kind)
                e.references(contract.parties)
                e.date(contract.signed)
                e.date(contract.expires)
                e.provenance(contract.provenance)
                e.place(contract.location)
            }
            list(document.flows) { e, flow in e.flow(flow) }
        }

        mutating func party(_ party: Party) {
            located(party.id)
            located(party.name)
            writer.string(party.kind.rawValue)
            optionalLocated(party.country)
            maybe(party.eea) { e, eea in
                e.writer.bool(eea.value)
                e.place(eea.location)
            }
            for kind in ChannelKind.known { optionalLocated(party.contact.addresses[kind]) }
            writer.optional(party.contact.noneReason) { $0.string($1) }
            writer.bool(party.contact.isInternal)
            maybe(party.responseTime) { e, time in
                e.period(time.value)
                e.place(time.location)
            }
            writer.bool(party.placeholder)
            list(party.systems) { e, system in
                e.located(system.id)
                e.writer.string(system.name)
                e.writer.string(system.party)
                e.translations(system.translations)
                e.provenance(system.provenance)
                e.place(system.location)
            }
            provenance(party.provenance)
            place(party.location)
            maybe(party.financialYearEnd) { e, end in
                e.writer.string(end.value.description)
                e.place(end.location)
            }
            translations(party.translations)
        }

        mutating func definition(_ definition: Definition) {
            located(definition.id)
            writer.string(definition.name)
            translations(definition.translations)
            provenance(definition.provenance)
            place(definition.location)
        }

        mutating func purpose(_ purpose: Purpose) {
            located(purpose.id)
            writer.string(purpose.name)
            located(purpose.controller)
            locatedChoice(purpose.legalBasis)
            locatedChoice(purpose.specialCondition)
            writer.optional(purpose.balancing) { $0.string($1) }
            references(purpose.categories)
            references(purpose.subjects)
            locatedRule(purpose.retention)
            optionalLocated(purpose.duty)
            condition(purpose.condition.value)
            place(purpose.condition.location)
            locatedChoice(purpose.erasureException)
            translations(purpose.translations)
            provenance(purpose.provenance)
            place(purpose.location)
        }

        mutating func flow(_ flow: Flow) {
            located(flow.id)
            located(flow.from)
            located(flow.to)
            switch flow.categories {
            case .all(let location):
                writer.bool(true)
                place(location)
            case .listed(let categories):
                writer.bool(false)
                references(categories)
            }
            optionalLocated(flow.purpose)
            locatedChoice(flow.role)
            optionalLocated(flow.contract)
            optionalLocated(flow.authorisation)
            condition(flow.condition.value)
            place(flow.condition.location)
            maybe(flow.transfer) { e, transfer in
                e.locatedChoice(transfer.mechanism)
                e.optionalLocated(transfer.contract)
            }
            locatedRule(flow.retention)
            optionalLocated(flow.transferEvent)
            provenance(flow.provenance)
            place(flow.location)
            writer.bool(flow.idWasWritten)
        }
    }

    // MARK: Reading

    private struct Decoder {
        var reader: CacheReader
        /// The first place of each file, by number; with one file, places carry no number.
        let origins: [SourceLocation]

        init(reader: CacheReader, origins: [SourceLocation]) {
            self.reader = reader
            self.origins = origins
        }

        init(reader: CacheReader, origin: SourceLocation) { self.init(reader: reader, origins: [origin]) }

        var origin: SourceLocation { origins[0] }

        /// A list; `minimumBytes` is the least one element takes, which bounds the count a corrupt
        /// entry can claim (and so the memory reserved for it).
        mutating func list<Value>(minimumBytes: Int = 1, _ read: (inout Decoder) throws -> Value) throws -> [Value] {
            let count = try reader.count(maximum: reader.remaining / minimumBytes)
            var values: [Value] = []
            values.reserveCapacity(count)
            for _ in 0..<count { values.append(try read(&self)) }
            return values
        }

        mutating func maybe<Value>(_ read: (inout Decoder) throws -> Value) throws -> Value? {
            try reader.bool() ? try read(&self) : nil
        }

        mutating func parsed() throws -> ParsedFile {
            let isText = try reader.bool()
            let diagnostics = try list { d in try d.diagnostic() }
            let document = try maybe { d in try d.document() }
            return ParsedFile(document: document, diagnostics: diagnostics, isText: isText)
        }

        mutating func place() throws -> SourceLocation {
            let number = origins.count > 1 ? try reader.unsigned() : 0
            let line = try reader.int()
            let column = try reader.int()
            guard number < UInt64(origins.count), (0...Int(Int32.max)).contains(line),
                (0...Int(Int32.max)).contains(column)
            else {
                throw CacheFormatError()
            }
            return origins[Int(number)].moved(line: line, column: column)
        }

        mutating func text() throws -> String { try reader.string() }

        mutating func optionalText() throws -> String? { try reader.optional { try $0.string() } }

        mutating func located() throws -> Located<String> {
            let value = try reader.string()
            return Located(value, at: try place())
        }

        mutating func optionalLocated() throws -> Located<String>? {
            try maybe { d in try d.located() }
        }

        mutating func references() throws -> [Reference] {
            try list(minimumBytes: 3) { d in try d.located() }
        }

        mutating func translations() throws -> [String: String] {
            var names: [String: String] = [:]
            for _ in 0..<(try reader.count(maximum: 16)) { names[try text()] = try text() }
            return names
        }

        mutating func diagnostic() throws -> Diagnostic {
            let id = try text()
            let severity = try reader.choice(Severity.self)
            let message = try text()
            let location = try place()
            return Diagnostic(
                id: id, severity: severity, message: message, at: location, hint: try optionalText(),
                article: try optionalText())
        }

        mutating func provenance() throws -> Provenance {
            let note = try optionalText()
            let source = try reader.optional { reader in
                SourceQuote(text: try reader.string(), section: try reader.optional { try $0.string() })
            }
            return Provenance(note: note, source: source, assumed: try reader.bool())
        }

        mutating func date() throws -> Located<CalendarDate>? {
            try maybe { d in
                guard let date = CalendarDate(iso: try d.text()) else { throw CacheFormatError() }
                return Located(date, at: try d.place())
            }
        }

        mutating func period() throws -> Period {
            let amount = try reader.int()
            return Period(amount, try reader.choice(Period.Unit.self))
        }

        mutating func rule(depth: Int = 0) throws -> RetentionRule {
            guard depth < 32 else { throw CacheFormatError() }
            let kind = try reader.choice(RetentionRule.Kind.self)
            var rule = RetentionRule(
                kind: kind, event: try text(), fromEndOfYear: try reader.bool(), period: try period(),
                eventOffset: try reader.int())
            rule.parts = try list { d in try d.rule(depth: depth + 1) }
            return rule
        }

        mutating func locatedRule() throws -> Located<RetentionRule>? {
            try maybe { d in
                let rule = try d.rule()
                return Located(rule, at: try d.place())
            }
        }

        mutating func condition(depth: Int = 0) throws -> Condition {
            guard depth < 32 else { throw CacheFormatError() }
            switch try reader.unsigned() {
            case 0: return .always
            case 1: return .event(try located())
            case 2: return .unless(try located())
            case 3: return .consent(try located())
            case 4: return .fact(try located(), is: try located())
            case 5: return .all(try list { d in try d.condition(depth: depth + 1) })
            default: throw CacheFormatError()
            }
        }

        mutating func locatedChoice<Value: RawRepresentable>(_ type: Value.Type) throws -> Located<Value>?
        where Value.RawValue == String {
            try maybe { d in
                let value = try d.reader.choice(type)
                return Located(value, at: try d.place())
            }
        }

        mutating func requiredChoice<Value: RawRepresentable>(_ type: Value.Type) throws -> Located<Value>
        where Value.RawValue == String {
            guard let value = try locatedChoice(type) else { throw CacheFormatError() }
            return value
        }

        mutating func document() throws -> GraphDocument {
            var document = GraphDocument(file: origin.file)
            document.policy = try maybe { d in
                PolicyInfo(
                    title: try d.optionalText(), controller: try d.optionalLocated(), document: try d.optionalText(),
                    url: try d.optionalText(), validFrom: try d.date(), language: try d.optionalText())
            }
            document.parties = try list(minimumBytes: 8) { d in try d.party() }
            document.categories = try list(minimumBytes: 5) { d in
                var category = CategoryInfo(
                    id: try d.text(), name: try d.text(), special: try d.reader.bool(), fides: try d.optionalText(),
                    dpv: try d.optionalText(), location: try d.maybe { try $0.place() })
                category.translations = try d.translations()
                return category
            }
            document.subjectTypes = try list(minimumBytes: 6) { d in try d.definition() }
            document.events = try list(minimumBytes: 6) { d in try d.definition() }
            document.facts = try list(minimumBytes: 6) { d in
                let id = try d.located()
                let name = try d.text()
                let translations = try d.translations()
                var fact = FactDefinition(
                    id: id, name: name, values: try d.references(), provenance: try d.provenance(),
                    location: try d.place())
                fact.translations = translations
                return fact
            }
            document.duties = try list(minimumBytes: 8) { d in
                let id = try d.located()
                let name = try d.text()
                let law = try d.text()
                let country = try d.optionalLocated()
                guard let retention = try d.locatedRule() else { throw CacheFormatError() }
                return RetentionDuty(
                    id: id, name: name, law: law, country: country, retention: retention,
                    categories: try d.references(), keeps: try d.reader.choice(DutyKeeping.self),
                    provenance: try d.provenance(), location: try d.place())
            }
            document.purposes = try list(minimumBytes: 8) { d in try d.purpose() }
            document.contracts = try list(minimumBytes: 8) { d in
                Contract(
                    id: try d.located(), kind: try d.requiredChoice(ContractKind.self), parties: try d.references(),
                    signed: try d.date(), expires: try d.date(), provenance: try d.provenance(), location: try d.place()
                )
            }
            document.flows = try list(minimumBytes: 16) { d in try d.flow() }
            return document
        }

        mutating func party() throws -> Party {
            let id = try located()
            let name = try located()
            let kind = try reader.choice(PartyKind.self)
            let country = try optionalLocated()
            let eea = try maybe { d in
                let value = try d.reader.bool()
                return Located(value, at: try d.place())
            }
            var addresses: [ChannelKind: Located<String>] = [:]
            for kind in ChannelKind.known { addresses[kind] = try optionalLocated() }
            var contact = Contact(addresses: addresses, noneReason: try optionalText())
            contact.isInternal = try reader.bool()
            let responseTime = try maybe { d in
                let period = try d.period()
                return Located(period, at: try d.place())
            }
            let placeholder = try reader.bool()
            let systems = try list(minimumBytes: 6) { d in
                let id = try d.located()
                let name = try d.text()
                let party = try d.text()
                let translations = try d.translations()
                var system = SystemInfo(
                    id: id, name: name, party: party, provenance: try d.provenance(), location: try d.place())
                system.translations = translations
                return system
            }
            var party = Party(
                id: id, name: name, kind: kind, country: country, eea: eea, contact: contact,
                responseTime: responseTime,
                placeholder: placeholder, systems: systems, provenance: try provenance(), location: try place())
            party.financialYearEnd = try maybe { d in
                guard let end = MonthDay(text: try d.text()) else { throw CacheFormatError() }
                return Located(end, at: try d.place())
            }
            party.translations = try translations()
            return party
        }

        mutating func definition() throws -> Definition {
            let id = try located()
            let name = try text()
            let translations = try translations()
            var definition = Definition(id: id, name: name, provenance: try provenance(), location: try place())
            definition.translations = translations
            return definition
        }

        mutating func purpose() throws -> Purpose {
            let id = try located()
            let name = try text()
            let controller = try located()
            let basis = try locatedChoice(LegalBasis.self)
            let special = try locatedChoice(SpecialCondition.self)
            let balancing = try optionalText()
            let categories = try references()
            let subjects = try references()
            let retention = try locatedRule()
            let duty = try optionalLocated()
            let condition = Located(try self.condition(), at: try place())
            let exception = try locatedChoice(ErasureException.self)
            let translations = try translations()
            var purpose = Purpose(
                id: id, name: name, controller: controller, legalBasis: basis, specialCondition: special,
                balancing: balancing,
                categories: categories, subjects: subjects, retention: retention, duty: duty, condition: condition,
                provenance: try provenance(), location: try place())
            purpose.erasureException = exception
            purpose.translations = translations
            return purpose
        }

        mutating func flow() throws -> Flow {
            let id = try located()
            let from = try located()
            let to = try located()
            let categories: CategorySelection = try reader.bool() ? .all(try place()) : .listed(try references())
            let purpose = try optionalLocated()
            let role = try requiredChoice(Role.self)
            let contract = try optionalLocated()
            let authorisation = try optionalLocated()
            let condition = Located(try self.condition(), at: try place())
            let transfer = try maybe { d in
                Transfer(mechanism: try d.requiredChoice(TransferMechanism.self), contract: try d.optionalLocated())
            }
            let retention = try locatedRule()
            let transferEvent = try optionalLocated()
            var flow = Flow(
                id: id, from: from, to: to, categories: categories, purpose: purpose, role: role, contract: contract,
                authorisation: authorisation, condition: condition, transfer: transfer, retention: retention,
                provenance: try provenance(), location: try place(), idWasWritten: try reader.bool())
            flow.transferEvent = transferEvent
            return flow
        }
    }
}
