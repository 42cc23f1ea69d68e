// The record as an Office Open XML workbook (.xlsx): one sheet per organisation with its header
// frozen, column widths, wrapped text and the cells the graph cannot fill in grey italics, and a
// sheet that explains the columns. The parts are encoded with XMLCoder and packed with ZIPFoundation.

public import Foundation
import XMLCoder
import ZIPFoundation

/// Why a workbook could not be written.
public struct WorkbookError: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String
}

/// The workbook of one or more records.
public struct RecordWorkbook {
    /// The records, one sheet each.
    public let records: [ProcessingRecord]
    /// The language of titles and explanations.
    public let words: RecordWords

    /// A workbook of `records`.
    public init(records: [ProcessingRecord], words: RecordWords) {
        self.records = records
        self.words = words
    }

    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let packageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships"

    /// The .xlsx file's bytes.
    public func data() throws(WorkbookError) -> Data {
        do {
            let archive = try Archive(accessMode: .create)
            let names = sheetNames()
            try add(archive, "[Content_Types].xml", try contentTypes(sheets: names.count))
            try add(archive, "_rels/.rels", try packageRels())
            try add(archive, "xl/workbook.xml", try workbook(names))
            try add(archive, "xl/_rels/workbook.xml.rels", try workbookRels(sheets: names.count))
            try add(archive, "xl/styles.xml", Data(Self.styles.utf8))
            for (index, record) in records.enumerated() {
                try add(archive, "xl/worksheets/sheet\(index + 1).xml", try sheet(for: record))
            }
            try add(archive, "xl/worksheets/sheet\(records.count + 1).xml", try organisationSheet())
            try add(archive, "xl/worksheets/sheet\(records.count + 2).xml", try explanationSheet())
            guard let data = archive.data else { throw WorkbookError(description: "the archive has no data") }
            return data
        } catch let error as WorkbookError {
            throw error
        } catch {
            throw WorkbookError(description: "cannot write the workbook: \(error)")
        }
    }

    private func add(_ archive: Archive, _ path: String, _ data: Data) throws {
        try archive.addEntry(
            with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate,
            provider: { position, size in data.subdata(in: Int(position)..<Int(position) + size) })
    }

    /// Sheet names: at most 31 characters, none of `[]:*?/\`, unique; the explanations last.
    func sheetNames() -> [String] {
        var used = Set<String>()
        var names: [String] = []
        for record in records {
            // A long name loses its parenthesis first ("Janteloppet (www.janteloppet.no)"), then its end.
            let name = record.name.count > 28 ? String(record.name.split(separator: "(").first ?? "") : record.name
            var base = String(
                name.trimmingCharacters(in: .whitespaces).filter { !"[]:*?/\\".contains($0) }.prefix(28))
            // A processor's record keeps its mark whole: the name gives way instead.
            if record.kind == .processor {
                base = String(base.prefix(24)).trimmingCharacters(in: .whitespaces) + " (30-2)"
            }
            var unique = base.isEmpty ? "Sheet" : base
            var counter = 2
            while used.contains(unique.lowercased()) {
                unique = String(base.prefix(27)) + " \(counter)"
                counter += 1
            }
            used.insert(unique.lowercased())
            names.append(unique)
        }
        names.append(words.pick("Organisations", "Virksomheter"))
        names.append(words.pick("Columns", "Kolonner"))
        return names
    }

    // MARK: Parts

    struct Types: Encodable, DynamicNodeEncoding {
        struct Default: Encodable, DynamicNodeEncoding {
            let fileExtension: String
            let contentType: String
            enum CodingKeys: String, CodingKey {
                case fileExtension = "Extension"
                case contentType = "ContentType"
            }
            static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding { .attribute }
        }
        struct Override: Encodable, DynamicNodeEncoding {
            let partName: String
            let contentType: String
            enum CodingKeys: String, CodingKey {
                case partName = "PartName"
                case contentType = "ContentType"
            }
            static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding { .attribute }
        }
        let defaults: [Default]
        let overrides: [Override]
        enum CodingKeys: String, CodingKey {
            case defaults = "Default"
            case overrides = "Override"
        }
        static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding { .element }
    }

    func encode(_ value: some Encodable, root: String, attributes: [String: String]) throws -> Data {
        // Declaration order, not sorted: Office Open XML fixes the order of a part's elements.
        let encoder = XMLEncoder()
        return try encoder.encode(
            value, withRootKey: root, rootAttributes: attributes,
            header: XMLHeader(version: 1.0, encoding: "UTF-8", standalone: "yes"))
    }

    func contentTypes(sheets: Int) throws -> Data {
        let types = Types(
            defaults: [
                .init(fileExtension: "rels", contentType: "application/vnd.openxmlformats-package.relationships+xml"),
                .init(fileExtension: "xml", contentType: "application/xml"),
            ],
            overrides: [
                .init(
                    partName: "/xl/workbook.xml",
                    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
                .init(
                    partName: "/xl/styles.xml",
                    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"),
            ]
                + (1...sheets + 1).map {
                    .init(
                        partName: "/xl/worksheets/sheet\($0).xml",
                        contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml")
                })
        return try encode(
            types, root: "Types", attributes: ["xmlns": "http://schemas.openxmlformats.org/package/2006/content-types"])
    }

    struct Relationship: Encodable, DynamicNodeEncoding {
        let id: String
        let type: String
        let target: String
        enum CodingKeys: String, CodingKey {
            case id = "Id"
            case type = "Type"
            case target = "Target"
        }
        static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding { .attribute }
    }

    struct Relationships: Encodable {
        let relationships: [Relationship]
        enum CodingKeys: String, CodingKey { case relationships = "Relationship" }
    }

    func packageRels() throws -> Data {
        try encode(
            Relationships(relationships: [
                .init(id: "rId1", type: Self.relationships + "/officeDocument", target: "xl/workbook.xml")
            ]), root: "Relationships", attributes: ["xmlns": Self.packageRelationships])
    }

    func workbookRels(sheets: Int) throws -> Data {
        try encode(
            Relationships(
                relationships: (1...sheets + 1).map {
                    .init(id: "rId\($0)", type: Self.relationships + "/worksheet", target: "worksheets/sheet\($0).xml")
                } + [.init(id: "rId\(sheets + 2)", type: Self.relationships + "/styles", target: "styles.xml")]),
            root: "Relationships", attributes: ["xmlns": Self.packageRelationships])
    }

    struct Workbook: Encodable {
        struct Sheets: Encodable { let sheet: [Sheet] }
        struct Sheet: Encodable, DynamicNodeEncoding {
            let name: String
            let sheetId: Int
            let id: String
            enum CodingKeys: String, CodingKey {
                case name, sheetId
                case id = "r:id"
            }
            static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding { .attribute }
        }
        let sheets: Sheets
    }

    func workbook(_ names: [String]) throws -> Data {
        try encode(
            Workbook(
                sheets: .init(
                    sheet: names.enumerated().map { .init(name: $1, sheetId: $0 + 1, id: "rId\($0 + 1)") })),
            root: "workbook", attributes: ["xmlns": Self.main, "xmlns:r": Self.relationships])
    }

    /// Styles: 0 default, 1 header (bold, filled, wrapped), 2 a cell (wrapped, top), 3 a cell the graph
    /// cannot fill (grey italics, wrapped, top), 4 the title (bold, larger).
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <fonts count="4"><font><sz val="10"/><name val="Calibri"/></font>\
        <font><b/><sz val="10"/><name val="Calibri"/></font>\
        <font><i/><sz val="10"/><color rgb="FF777777"/><name val="Calibri"/></font>\
        <font><b/><sz val="13"/><name val="Calibri"/></font></fonts>\
        <fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>\
        <fill><patternFill patternType="solid"><fgColor rgb="FFE8EEF7"/><bgColor indexed="64"/></patternFill></fill></fills>\
        <borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>\
        <border><left style="thin"><color rgb="FFBBBBBB"/></left><right style="thin"><color rgb="FFBBBBBB"/></right>\
        <top style="thin"><color rgb="FFBBBBBB"/></top><bottom style="thin"><color rgb="FFBBBBBB"/></bottom><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>\
        <xf numFmtId="0" fontId="2" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>\
        <xf numFmtId="0" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
        """

    struct Worksheet: Encodable {
        struct SheetViews: Encodable { let sheetView: SheetView }
        struct SheetView: Encodable, DynamicNodeEncoding {
            let workbookViewId = 0
            let pane: Pane
            static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding {
                key.stringValue == "pane" ? .element : .attribute
            }
        }
        struct Pane: Encodable, DynamicNodeEncoding {
            let ySplit: Int
            let topLeftCell: String
            let activePane = "bottomLeft"
            let state = "frozen"
            static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding { .attribute }
        }
        struct Columns: Encodable { let col: [Column] }
        struct Column: Encodable, DynamicNodeEncoding {
            let min: Int
            let max: Int
            let width: Double
            let customWidth = 1
            static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding { .attribute }
        }
        struct SheetData: Encodable { let row: [Row] }
        struct Row: Encodable, DynamicNodeEncoding {
            let r: Int
            let ht: Double?
            let customHeight: Int?
            let c: [Cell]
            static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding {
                key.stringValue == "c" ? .element : .attribute
            }
        }
        struct Cell: Encodable, DynamicNodeEncoding {
            let r: String
            let s: Int
            let t = "inlineStr"
            let `is`: InlineString
            static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding {
                key.stringValue == "is" ? .element : .attribute
            }
        }
        struct InlineString: Encodable { let t: Text }
        struct Text: Encodable, DynamicNodeEncoding {
            let space = "preserve"
            let value: String
            enum CodingKeys: String, CodingKey {
                case space = "xml:space"
                case value = ""
            }
            static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding {
                key.stringValue == "xml:space" ? .attribute : .element
            }
        }
        struct SheetProperties: Encodable { let pageSetUpPr: PageSetUpProperties }
        struct PageSetUpProperties: Encodable, DynamicNodeEncoding {
            let fitToPage = 1
            static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding { .attribute }
        }
        struct PageMargins: Encodable, DynamicNodeEncoding {
            let left = 0.4
            let right = 0.4
            let top = 0.5
            let bottom = 0.5
            let header = 0.3
            let footer = 0.3
            static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding { .attribute }
        }
        struct PageSetup: Encodable, DynamicNodeEncoding {
            let paperSize = 9
            let orientation = "landscape"
            let fitToWidth: Int
            let fitToHeight = 0
            static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding { .attribute }
        }
        // The order Office Open XML requires.
        let sheetPr: SheetProperties
        let sheetViews: SheetViews
        let cols: Columns
        let sheetData: SheetData
        let pageMargins: PageMargins
        let pageSetup: PageSetup
    }

    /// A1-style reference of a column (0-based) and row (1-based).
    static func reference(column: Int, row: Int) -> String {
        var name = ""
        var number = column + 1
        while number > 0 {
            let remainder = (number - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + remainder))) + name
            number = (number - 1) / 26
        }
        return "\(name)\(row)"
    }

    /// A row; with `widths`, tall enough for its longest wrapped cell (viewers do not all size rows themselves).
    func cells(_ texts: [(String, Int)], row: Int, widths: [Double]? = nil) -> Worksheet.Row {
        var height: Double?
        if let widths {
            let lines =
                texts.enumerated().map { index, cell -> Int in
                    let perLine = Swift.max(1, Int((index < widths.count ? widths[index] : 14) * 0.9))
                    return cell.0.split(separator: "\n", omittingEmptySubsequences: false).map {
                        Swift.max(1, ($0.count + perLine - 1) / perLine)
                    }.reduce(0, +)
                }.max() ?? 1
            height = Double(Swift.min(lines, 30)) * 13 + 3
        }
        return Worksheet.Row(
            r: row, ht: height, customHeight: height == nil ? nil : 1,
            c: texts.enumerated().map { index, cell in
                Worksheet.Cell(
                    r: Self.reference(column: index, row: row), s: cell.1,
                    is: .init(t: .init(value: Self.cleaned(cell.0))))
            })
    }

    /// Text as a cell may hold it: XML 1.0 characters only, at most Excel's 32,767.
    static func cleaned(_ text: String) -> String {
        let allowed = text.unicodeScalars.filter { scalar in
            scalar == "\t" || scalar == "\n" || scalar == "\r"
                || scalar.value >= 0x20 && scalar.value != 0xFFFE
                    && scalar.value != 0xFFFF
        }
        return String(String.UnicodeScalarView(allowed).prefix(32_767))
    }

    func sheet(for record: ProcessingRecord) throws -> Data {
        let columns = record.columns
        let widths = columns.map { column -> Double in
            let longest = record.rows.map { ($0[column]?.text.count ?? 0) }.max() ?? 0
            return Swift.min(
                60, Swift.max(14, Double(Swift.max(longest / 3, words.column(column).title.count / 2 + 4))))
        }
        // One header row, so that a reader (pandas, a database import) takes the first row as the
        // column names; the record's title and its keeper's details are on the Organisations sheet.
        var rows = [cells(columns.map { (words.column($0).title, 1) }, row: 1, widths: widths)]
        for (index, row) in record.rows.enumerated() {
            rows.append(
                cells(
                    columns.map { column in
                        let cell = row[column] ?? RecordCell(text: "", stated: false)
                        return (cell.text, cell.stated ? 2 : 3)
                    }, row: index + 2, widths: widths))
        }
        return try worksheet(rows: rows, widths: widths, frozenRows: 1, pagesWide: 2)
    }

    /// Who keeps each record (Art. 30(1)(a), 30(2)(a)): one row per record, one header row.
    func organisationSheet() throws -> Data {
        let fields = ["name", "contact", "dpo", "representative"]
        let widths: [Double] = [28, 50, 40, 30, 34, 34]
        var rows = [
            cells(
                ([(words.pick("Sheet", "Ark"), 1), (words.pick("Record", "Protokoll"), 1)])
                    + fields.map { (words.identificationField($0), 1) }, row: 1, widths: widths)
        ]
        for (index, (record, sheet)) in zip(records, sheetNames()).enumerated() {
            rows.append(
                cells(
                    [(sheet, 2), (words.title(record), 2)]
                        + fields.map { field in
                            let cell =
                                record.identification.first { $0.field == field }?.cell
                                ?? RecordCell(text: "", stated: false)
                            return (cell.text, cell.stated ? 2 : 3)
                        }, row: index + 2, widths: widths))
        }
        return try worksheet(rows: rows, widths: widths, frozenRows: 1, pagesWide: 1)
    }

    func explanationSheet() throws -> Data {
        var names: [String] = []
        for record in records {
            for column in record.columns where !names.contains(column) { names.append(column) }
        }
        var rows = [
            cells(
                [
                    (words.pick("Column", "Kolonne"), 1), (words.pick("Article or source", "Artikkel eller kilde"), 1),
                ], row: 1)
        ]
        for (index, name) in names.enumerated() {
            let (title, explanation) = words.column(name)
            rows.append(cells([(title, 2), (explanation, 2)], row: index + 2, widths: [40, 60]))
        }
        rows.append(
            cells(
                [
                    (
                        words.pick(
                            "Cells in grey italics are ones the graph cannot fill yet; they say so instead of being blank.",
                            "Celler i grå kursiv er slike grafen ikke kan fylle ennå; de sier det i stedet for å stå tomme."
                        ),
                        2
                    )
                ], row: names.count + 3))
        return try worksheet(rows: rows, widths: [40, 60], frozenRows: 1, pagesWide: 1)
    }

    func worksheet(rows: [Worksheet.Row], widths: [Double], frozenRows: Int, pagesWide: Int) throws -> Data {
        let sheet = Worksheet(
            sheetPr: .init(pageSetUpPr: .init()),
            sheetViews: .init(sheetView: .init(pane: .init(ySplit: frozenRows, topLeftCell: "A\(frozenRows + 1)"))),
            cols: .init(col: widths.enumerated().map { .init(min: $0 + 1, max: $0 + 1, width: $1) }),
            sheetData: .init(row: rows), pageMargins: .init(), pageSetup: .init(fitToWidth: pagesWide))
        return try encode(sheet, root: "worksheet", attributes: ["xmlns": Self.main, "xmlns:r": Self.relationships])
    }
}
