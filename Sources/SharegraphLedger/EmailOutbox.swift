// Notices as RFC 5322 messages in an outbox directory, for the organisation's own mail system to send.
// File names come from notice ids, checked so that no id can place a file outside the outbox.

public import Foundation
import SharegraphCore
import SharegraphSupport

/// Why a file name was refused.
public enum OutboxError: Error, Sendable, CustomStringConvertible, Equatable {
    case unsafeName(String)
    case cannotWrite(path: String, reason: String)

    /// The problem in words, with what to do.
    public var description: String {
        switch self {
        case .unsafeName(let name):
            "`\(name.prefix(40).unicodeScalars.map { $0.properties.isWhitespace || $0.value < 0x20 ? "?" : String($0) }.joined())` cannot name a file in the outbox; notice ids use letters, digits, `_`, `-` and `.`, at most 100 characters"
        case .cannotWrite(let path, let reason):
            "cannot write \(path): \(reason); check that the outbox directory exists and is writable"
        }
    }
}

/// An outbox directory of `.eml` files.
public struct EmailOutbox: Sendable {
    /// The directory.
    public var directory: String
    /// The sender address, the controller's notice address.
    public var from: String

    /// Creates an outbox.
    public init(directory: String, from: String) {
        self.directory = directory
        self.from = from
    }

    /// The file for a notice id: letters, digits, `_`, `-`, `.` only, not starting with `.`, at most 100 characters.
    public func path(for id: String) throws(OutboxError) -> String {
        let allowed = id.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII
                && (CharacterSet.alphanumerics.contains(scalar) || scalar == "_" || scalar == "-" || scalar == ".")
        }
        guard !id.isEmpty, id.utf8.count <= 100, allowed, !id.hasPrefix(".") else { throw .unsafeName(id) }
        let base = URL(fileURLWithPath: directory).standardizedFileURL
        let file = base.appendingPathComponent(id + ".eml").standardizedFileURL
        guard file.deletingLastPathComponent().path == base.path else { throw .unsafeName(id) }
        return file.path
    }

    /// Writes a message atomically (a temporary file renamed into place), so a crash leaves the old file or the
    /// whole new one; writing the same notice again replaces it rather than adding a second message.
    public func write(id: String, message: String) throws(OutboxError) -> String {
        let path = try path(for: id)
        do {
            // The outbox holds personal data: the directory is the owner's alone, and so is each file.
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .cannotWrite(path: path, reason: error.localizedDescription)
        }
        do throws(PrivateFileError) {
            try PrivateFile.write(message.utf8, to: path, temporaryName: ".sharegraph-\(getpid())-\(id).tmp")
        } catch {
            throw .cannotWrite(path: path, reason: error.reason)
        }
        return path
    }

    /// Removes temporaries left by a writer that was killed mid-write (its process is gone), so
    /// no half-written copy of a notice stays in the outbox.
    public func removeStaleTemporaries() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix(".sharegraph-") && name.hasSuffix(".tmp") {
            let process = name.dropFirst(".sharegraph-".count).prefix { $0 != "-" }
            guard let pid = Int32(process), kill(pid, 0) == -1, errno == ESRCH else { continue }
            unlink((directory as NSString).appendingPathComponent(name))
        }
    }
}

/// Builds the RFC 5322 message for a notice, in English or Norwegian.
public struct NoticeEmail: Sendable {
    /// The notice the message carries.
    public var notice: NoticeRecord
    /// The recipient's address.
    public var to: String
    /// The message's `Date:`.
    public var date: Date
    private let body: NoticeBody?

    /// Creates a message, reading the notice's stored body once.
    public init(notice: NoticeRecord, to: String, date: Date) {
        self.notice = notice
        self.to = to
        self.date = date
        body = try? JSONDecoder.snakeCase.decode(NoticeBody.self, from: Data(notice.body.utf8))
    }

    /// The controller that sends the notice, whose own address is the sender when the graph gives one.
    public var controller: String? { body?.controller }

    /// The full message with CRLF line ends.
    public func message(from: String) -> String {
        let words = notice.language == "nb" ? Words.nb : Words.en
        var lines: [String] = []
        // Only plain addresses reach a header (the deliverer refuses others before it gets here).
        lines.append("From: \(EmailAddress.parse(from) ?? "invalid@sharegraph.invalid")")
        lines.append("To: \(EmailAddress.parse(to) ?? "invalid@sharegraph.invalid")")
        lines.append("Subject: \(Self.encodeHeader("\(words.subject(notice.action)) [\(notice.id)]"))")
        lines.append("Date: \(Self.rfc5322Date(date))")
        lines.append("Message-ID: <\(notice.id)@sharegraph.invalid>")
        lines.append("X-Sharegraph-Notice: \(notice.id)")
        lines.append("MIME-Version: 1.0")
        lines.append("Content-Type: text/plain; charset=utf-8")
        lines.append("Content-Transfer-Encoding: 8bit")
        lines.append("")
        lines.append(words.greeting(notice.recipientName))
        lines.append("")
        lines.append(words.intro(notice.action, body?.controllerName ?? body?.controller ?? ""))
        lines.append("")
        for item in body?.instructions ?? [] {
            let kind = notice.action == .inform ? words.done(item.kind) : words.kind(item.kind)
            let categories = item.categories.map { Self.categoryName($0, language: notice.language) }
            var line = "  - \(kind): \(categories.joined(separator: ", "))"
            if let until = item.until {
                line += " \(words.until) \(until)"
            } else if let notBefore = item.notBefore {
                line += " \(words.atLeastUntil) \(notBefore)"
            }
            if let law = item.law { line += " (\(law))" }
            if item.certainty == "possible" { line += " \(words.ifHeld)" }
            lines.append(line)
        }
        lines.append("")
        lines.append("\(words.reason): \(body?.legalReason ?? "")")
        if let deadline = notice.deadline {
            lines.append("\(notice.action == .inform ? words.acknowledgeBy : words.deadline): \(deadline)")
        }
        if let identities = body?.subjectIdentities, !identities.isEmpty {
            lines.append(
                "\(words.identify): "
                    + identities.map {
                        "\(Self.identityTypeName($0.identityType, language: notice.language)) \($0.identityValue)"
                    }
                    .joined(separator: ", "))
        }
        if let children = body?.passOnTo, !children.isEmpty {
            lines.append("\(words.passOn): \(children.joined(separator: ", "))")
        }
        lines.append("\(words.reference): \(body?.subjectRequestId ?? "") / \(notice.id)")
        lines.append("")
        lines.append(notice.action == .inform ? words.informedReply(notice.id) : words.reply(notice.id))
        // No value from a graph, a subject file or the ledger can end a line or add a header.
        let body = lines[(lines.firstIndex(of: "") ?? lines.count)...].map(Self.withoutControls)
        return (lines[..<(lines.firstIndex(of: "") ?? lines.count)] + body).map(Self.foldLongLine).joined(
            separator: "\r\n") + "\r\n"
    }

    /// A category as a person reads it: its built-in name in the notice's language, else its id (a
    /// graph's own category, which the webhook's JSON carries by id as well).
    static func categoryName(_ id: String, language: String) -> String {
        Taxonomy.builtIn.name(of: id, in: language)
    }

    /// An identifier's type as a person reads it: the name of the category it belongs to (`email` is
    /// the e-mail address), or the customer number, else the type as written.
    static func identityTypeName(_ type: String, language: String) -> String {
        if let category = Identifier.defaultCategory(forType: type) {
            return categoryName(category, language: language)
        }
        if type == "customer-number" || type == "controller_customer_id" {
            return language == "nb" ? "kundenummer" : "customer number"
        }
        return type
    }

    /// Control characters (CR, LF, ESC and the rest) as spaces.
    static func withoutControls(_ line: String) -> String {
        String(String.UnicodeScalarView(line.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
    }

    /// RFC 2047 encoded-word for a header with non-ASCII text.
    static func encodeHeader(_ text: String) -> String {
        guard !text.unicodeScalars.allSatisfy(\.isASCII) else { return text }
        return "=?utf-8?B?\(Data(text.utf8).base64EncodedString())?="
    }

    /// "Sat, 21 Nov 2026 10:00:00 +0000".
    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }

    /// Body lines stay under RFC 5322's 998-octet limit.
    static func foldLongLine(_ line: String) -> String {
        guard line.utf8.count > 900 else { return line }
        var parts: [String] = []
        var current = ""
        for word in line.split(separator: " ", omittingEmptySubsequences: false) {
            if current.utf8.count + word.utf8.count > 900, !current.isEmpty {
                parts.append(current)
                current = "  "
            }
            current += (current.isEmpty || current == "  " ? "" : " ") + word
        }
        parts.append(current)
        return parts.joined(separator: "\r\n")
    }

    struct Words: Sendable {
        var subject: @Sendable (ErasureAction) -> String
        var greeting: @Sendable (String) -> String
        var intro: @Sendable (ErasureAction, String) -> String
        var kind: @Sendable (String) -> String
        /// What the controller did, told to an independent recipient (Art. 19): a fact, not an order.
        var done: @Sendable (String) -> String
        var until: String
        var atLeastUntil: String
        /// After a line whose categories only a purpose that may not apply to the person brings in.
        var ifHeld: String
        var reason: String
        var deadline: String
        /// Asked of an independent recipient: an acknowledgment of receipt, not a confirmation of erasure.
        var acknowledgeBy: String
        var informedReply: @Sendable (String) -> String
        var identify: String
        var passOn: String
        var reference: String
        var reply: @Sendable (String) -> String

        static let en = Words(
            subject: { action in
                switch action {
                case .instruct: "Instruction to erase personal data"
                case .followUp: "Erasure due: retention duty ended"
                default: "Erasure of personal data"
                }
            },
            greeting: { "To \($0)," },
            intro: { action, controller in
                action == .inform
                    ? "\(controller) has acted on a person's request to erase their data and informs you, as a recipient of it, of what it did (GDPR Art. 19)."
                    : "As processor for \(controller), please carry out the following for one person (GDPR Art. 28(3)(g)):"
            },
            kind: {
                [
                    "erase": "erase", "restrict": "restrict (keep, use for nothing else)",
                    "hold": "keep for legal claims", "keep": "keep in use under the legal duty",
                ][$0] ?? $0
            },
            done: {
                ["erase": "erased", "restrict": "restricted (kept, used for nothing else)"][$0] ?? $0
            },
            until: "until", atLeastUntil: "at least until", ifHeld: "(if you hold them)", reason: "Legal reason",
            deadline: "Please confirm by",
            acknowledgeBy: "Please acknowledge receipt by",
            informedReply: {
                "Reply to acknowledge receipt, quoting \($0). As an independent controller you decide on your own erasure and your own legal duties (GDPR Art. 17); no confirmation of erasure is asked."
            }, identify: "Identify the person by",
            passOn: "Pass this on to your sub-processors and confirm after they have (notices)", reference: "Reference",
            reply: { "Reply to confirm completion or give your reason for refusing, quoting \($0)." })

        static let nb = Words(
            subject: { action in
                switch action {
                case .instruct: "Instruks om sletting av personopplysninger"
                case .followUp: "Sletting forfaller: oppbevaringsplikten er over"
                default: "Sletting av personopplysninger"
                }
            },
            greeting: { "Til \($0)," },
            intro: { action, controller in
                action == .inform
                    ? "\(controller) har behandlet en persons krav om sletting, og varsler dere som mottaker av opplysningene om hva som er gjort (personvernforordningen art. 19)."
                    : "Som databehandler for \(controller) ber vi dere gjøre følgende for én person (personvernforordningen art. 28 nr. 3 bokstav g):"
            },
            kind: {
                [
                    "erase": "slett", "restrict": "begrens (oppbevar, bruk ikke til noe annet)",
                    "hold": "oppbevar for rettskrav", "keep": "bruk videre etter lovplikten",
                ][$0] ?? $0
            },
            done: {
                ["erase": "slettet", "restrict": "begrenset (oppbevares, brukes ikke til noe annet)"][$0] ?? $0
            },
            until: "til", atLeastUntil: "minst til", ifHeld: "(om dere har dem)", reason: "Rettslig grunnlag",
            deadline: "Bekreft innen",
            acknowledgeBy: "Bekreft mottak innen",
            informedReply: {
                "Svar for å bekrefte mottak, og oppgi \($0). Som selvstendig behandlingsansvarlig avgjør dere selv sletting og egne lovpålagte plikter (personvernforordningen art. 17); vi ber ikke om bekreftelse på sletting."
            }, identify: "Finn personen ved",
            passOn: "Send dette videre til underleverandørene og bekreft når de har gjort det (varsler)",
            reference: "Referanse",
            reply: { "Svar for å bekrefte at det er gjort, eller oppgi hvorfor dere avslår, og oppgi \($0)." })
    }
}

extension JSONDecoder {
    /// A decoder for the ledger's snake_case JSON (notice bodies, checkpoints).
    public static var snakeCase: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }
}
