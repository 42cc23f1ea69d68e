// One e-mail address as RFC 5322's addr-spec, and nothing else: no display name, no list, no
// comment, no line break. A notice's From and To are built only from addresses that pass.

/// A parsed e-mail address.
public enum EmailAddress {
    /// The address when `text` is exactly one plain `local@domain` (dot-atom local part, a domain of
    /// letters, digits and hyphens in two or more labels); nil for anything a header could be
    /// smuggled in with (`a@b.example,root`, `a@b.example\r\nBcc: x`, `Name <a@b>`).
    public static func parse(_ text: String) -> String? {
        guard text.utf8.count <= 254 else { return nil }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let local = parts[0]
        let domain = parts[1]
        guard !local.isEmpty, local.utf8.count <= 64, !local.hasPrefix("."), !local.hasSuffix("."),
            !local.contains("..")
        else { return nil }
        guard local.unicodeScalars.allSatisfy(isAtom) else { return nil }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 || domain == "localhost" else { return nil }
        for label in labels {
            guard !label.isEmpty, label.utf8.count <= 63, !label.hasPrefix("-"), !label.hasSuffix("-"),
                label.unicodeScalars.allSatisfy({ isLetterOrDigit($0) || $0 == "-" })
            else { return nil }
        }
        return text
    }

    private static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    /// RFC 5322 `atext` and the dot.
    private static func isAtom(_ scalar: Unicode.Scalar) -> Bool {
        isLetterOrDigit(scalar) || "!#$%&'*+/=?^_`{|}~.-".unicodeScalars.contains(scalar)
    }
}
