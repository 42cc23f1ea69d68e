// `sharegraph records` as a DPO runs it: the samples kept in Samples/records are what the tool
// writes, and the workbook and CSV are read by openpyxl and Python's csv module.

import Foundation
import Testing

struct RecordsCLITests {
    static let samples = CLI.repository.appendingPathComponent("Samples/records")

    /// Every Markdown record in Samples/records, as (kind, id, language, file).
    static var kept: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: samples.path)) ?? []).filter { $0.hasSuffix(".md") }
            .sorted()
    }

    @Test func theKeptSamplesAreWhatTheToolWrites() throws {
        #expect(Self.kept.count >= 20, "Samples/records.sh writes them")
        for file in Self.kept {
            // controller-vekstly.nb.md: kind, id, language.
            let stem = file.dropLast(3)
            let language = String(stem.suffix(2))
            let head = stem.dropLast(3)
            let kind = head.hasPrefix("controller-") ? "controller" : "processor"
            let id = String(head.dropFirst(kind.count + 1))
            let output = try CLI.run(["records", "Graphs", "--\(kind)", id, "--format", "md", "--lang", language])
            #expect(output.status == 0, "\(output.stderr)")
            let kept = try String(contentsOf: Self.samples.appendingPathComponent(file), encoding: .utf8)
            #expect(output.stdout == kept, "\(file): run Samples/records.sh")
        }
    }

    @Test func theWorkbookOpensInOpenpyxlWithASheetPerControllerAndTheColumnsExplained() throws {
        let directory = try CLI.scratch("records")
        defer { try? FileManager.default.removeItem(at: directory) }
        let workbook = directory.appendingPathComponent("records.xlsx").path
        let csv = directory.appendingPathComponent("records.csv").path
        #expect(try CLI.run(["records", "Graphs", "--out", workbook]).status == 0)
        #expect(try CLI.run(["records", "Graphs", "--format", "csv", "--out", csv]).status == 0)
        // One spot-checked cell per seed organisation, written from the policies: the legal basis of
        // a purpose and where its data goes.
        let script = """
            import csv, sys, openpyxl, pandas
            wb = openpyxl.load_workbook(sys.argv[1])
            names = wb.sheetnames
            assert names[-2:] == ["Organisations", "Columns"], names
            # Art. 30(2): the processors' records are in the workbook too.
            processors = [n for n in names if n.endswith("(30-2)")]
            assert processors, names
            records = names[:-2]
            controllers = [n for n in records if n not in processors]
            # Art. 30(1)(a): who keeps each record, with the contact details the graph holds.
            organisations = pandas.read_excel(sys.argv[1], sheet_name="Organisations")
            vekstly = organisations[organisations["Sheet"] == "Vekstly AS"].iloc[0]
            assert vekstly["Contact details"] == "hei@vekstly.no", vekstly
            assert list(organisations["Sheet"]) == records, list(organisations["Sheet"])
            # One header row per sheet: pandas reads the column names from the first row.
            frame = pandas.read_excel(sys.argv[1], sheet_name="Vekstly AS")
            assert list(frame.columns[:2]) == ["Business function", "Purpose of processing"], list(frame.columns)
            for name in ["Vekstly AS", "Jetpak", "iGo AS", "Jackon AS", "Janteloppet", "Axactor Norway AS"]:
                assert name in names, (name, names)
            def row(sheet, purpose):
                ws = wb[sheet]
                assert ws.freeze_panes == "A2", ws.freeze_panes
                header = [c.value for c in ws[1]]
                assert header[:3] == ["Business function", "Purpose of processing", "Joint controller"], header
                for r in ws.iter_rows(min_row=2, values_only=True):
                    if r[1].endswith("(" + purpose + ")"):
                        return dict(zip(header, r))
                raise AssertionError(purpose)
            assert row("Vekstly AS", "vekstly.payment")["Names of third countries or international organisations"] == "Stripe, Inc. (US)"
            assert row("Jetpak", "jetpak.bookkeeping")["Article 6 lawful basis"] == "legal obligation (Art. 6(1)(c))"
            assert "erasure" not in row("Jetpak", "jetpak.bookkeeping")["Rights available to individuals"]
            # iGo's newsletter rests on consent, which can be withdrawn at any time (Art. 7(3)).
            assert "withdraw consent (Art. 7(3))" in row("iGo AS", "igo.newsletter")["Rights available to individuals"]
            # Axactor collects on legitimate interests: the person may object (Art. 21(1)).
            collection = row("Axactor Norway AS", "axactor.collection")
            assert collection["Article 6 lawful basis"] == "legitimate interests (Art. 6(1)(f))"
            assert "objection (Art. 21)" in collection["Rights available to individuals"]
            # Janteloppet asks for dietary needs, health data (Art. 9(1)), on explicit consent (Art. 9(2)(a)).
            assert row("Janteloppet", "janteloppet.dietary")["Article 9 condition"] == "explicit consent (Art. 9(2)(a))"
            # Jackon answers enquiries under a contract: no objection right (Art. 21(1) names (e) and (f)).
            assert "objection" not in row("Jackon AS", "jackon.enquiries")["Rights available to individuals"]
            for sheet in names[:-1]:
                for r in wb[sheet].iter_rows(min_row=2, values_only=True):
                    assert all(v not in (None, "") for v in r), (sheet, r)
            ws = wb[names[0]]
            assert ws["C2"].alignment.wrap_text
            with open(sys.argv[2], newline="") as f:
                rows = list(csv.reader(f))
            assert rows[0][:3] == ["Organisation", "Contact details", "Business function"], rows[0]
            assert len(rows) == 1 + sum(wb[s].max_row - 1 for s in controllers), (len(rows))
            print("ok")
            """
        let (status, text) = try CLI.python(["-c", script, workbook, csv])
        #expect(status == 0 && text.hasSuffix("ok\n"), "openpyxl and pandas (pip install openpyxl pandas): \(text)")
    }
}
