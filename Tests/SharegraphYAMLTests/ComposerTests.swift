// The flat-tree composer against Yams, the composer it replaced: for the seed graphs, generated
// maps, hand-written edge cases and thousands of mutations of the seeds, both accept or both refuse
// the same texts, build the same trees (texts, styles, kinds, lines and columns) and report the
// same problem at the same place.

import Foundation
import Testing
import Yams

@testable import SharegraphYAML

struct ComposerTests {
    /// What a composed text is, in terms both composers can say.
    enum Outcome: Equatable {
        case empty
        case tree(String)
        case refused(problem: String, line: Int, column: Int)
        case repeated(keys: [String], line: Int, column: Int)
        case unreadable(problem: String, offset: Int?)
    }

    static func describe(_ node: SharegraphYAML.Node, into out: inout String) {
        let mark = node.mark.map { "\($0.line):\($0.column)" } ?? "?"
        switch node {
        case .scalar(let scalar): out += "s\(scalar.style.rawValue)@\(mark)[\(scalar.string)]"
        case .sequence(let sequence):
            out += "q@\(mark)("
            for item in sequence {
                describe(item, into: &out)
                out += ","
            }
            out += ")"
        case .mapping(let mapping):
            out += "m@\(mark){"
            for (key, value) in mapping {
                describe(key, into: &out)
                out += ":"
                describe(value, into: &out)
                out += ","
            }
            out += "}"
        }
    }

    static func describe(_ node: Yams.Node, into out: inout String) {
        let mark = node.mark.map { "\($0.line):\($0.column)" } ?? "?"
        switch node {
        case .scalar(let scalar): out += "s\(scalar.style.rawValue)@\(mark)[\(scalar.string)]"
        case .sequence(let sequence):
            out += "q@\(mark)("
            for item in sequence {
                describe(item, into: &out)
                out += ","
            }
            out += ")"
        case .mapping(let mapping):
            out += "m@\(mark){"
            for (key, value) in mapping {
                describe(key, into: &out)
                out += ":"
                describe(value, into: &out)
                out += ","
            }
            out += "}"
        case .alias: out += "alias"
        }
    }

    static func ours(_ text: String) -> Outcome {
        do {
            guard let root = try YAMLComposer.compose(text) else { return .empty }
            var out = ""
            describe(root, into: &out)
            return .tree(out)
        } catch {
            switch error.kind {
            case .syntax(let context):
                return .refused(
                    problem: error.problem + (context.map { " " + $0 } ?? ""), line: error.mark?.line ?? 0,
                    column: error.mark?.column ?? 0)
            case .duplicateKeys(let keys):
                return .repeated(keys: keys, line: error.mark?.line ?? 0, column: error.mark?.column ?? 0)
            case .reader(let offset): return .unreadable(problem: error.problem, offset: offset)
            }
        }
    }

    static func yams(_ text: String) -> Outcome {
        do {
            guard let root = try Yams.compose(yaml: text, Resolver.basic) else { return .empty }
            var out = ""
            describe(root, into: &out)
            return .tree(out)
        } catch let error as YamlError {
            switch error {
            case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
                .composer(let context, let problem, let mark, _):
                return .refused(
                    problem: problem + (context.map { " " + $0.text } ?? ""), line: mark.line, column: mark.column)
            case .duplicatedKeysInMapping(let keys, let context):
                return .repeated(keys: keys, line: context.mark.line, column: context.mark.column)
            case .reader(let problem, let offset, _, _): return .unreadable(problem: problem, offset: offset)
            default: return .refused(problem: "\(error)", line: 0, column: 0)
            }
        } catch {
            return .refused(problem: "\(error)", line: 0, column: 0)
        }
    }

    static let cases = [
        "", "# only a comment\n", "a: 1\n", "a: 1\na: 2\n", "b: 1\na: 2\nb: 3\na: 4\n", "x:\n  a: 1\n  a: 2\n",
        "a: &x [1, 2]\nb: *x\n", "a: *nowhere\n", "a: &x\n  b: *x\n", "a: &x 1\nb: &x [*x]\nc: *x\n",
        "--- 1\n--- 2\n", "---\na: 1\n...\n", "a: [1, {b: 2}, 'c', \"d\"]\n", "a: |\n  line\n  two\n",
        "a: >\n  folded\n",
        "? complex\n: value\n", "[1, 2\n", "{a: 1\n", "a: 'unclosed\n", "a:\n\t- tab\n", "- a\n- b\n -c\n",
        "key: value: other\n",
        "a: !!str 1\nb: !custom x\n", "\"a\": 1\na: 2\n", "{a: 1, a: 2}\n", "[a, a]\n", "é: ü\nclé: \"naïve\"\n",
        "a: \u{1}\n", "a: b\n\u{7}\n", "%YAML 1.1\n---\na: 1\n", "&a a: *a\n", "a:\n  - &s {x: 1}\n  - *s\n",
        // A byte-order mark opening a scalar (inserted by a careless editor) is dropped by both.
        "a: \u{FEFF}b\n\u{FEFF}c: 1\n",
    ]

    @Test(arguments: cases) func handWrittenCasesMatchYams(_ text: String) {
        #expect(Self.ours(text) == Self.yams(text))
    }

    @Test func seedsAndGeneratedMapsMatchYams() throws {
        var texts = try FuzzTests.seedTexts().map { String(decoding: $0, as: UTF8.self) }
        texts += GraphGenerator(parties: 120, flows: 1_200, seed: 9).files().map(\.text)
        for text in texts {
            let ours = Self.ours(text)
            #expect(ours == Self.yams(text))
            guard case .tree = ours else {
                Issue.record("a seed or generated file did not compose")
                continue
            }
        }
    }

    /// Mutated seeds: the same outcome, tree or problem, from both.
    @Test func mutatedSeedsMatchYams() throws {
        let seeds = try FuzzTests.seedTexts()
        let iterations = Int(ProcessInfo.processInfo.environment["SHAREGRAPH_FUZZ_ITERATIONS"] ?? "") ?? 1_500
        let seed = UInt64(ProcessInfo.processInfo.environment["SHAREGRAPH_FUZZ_SEED"] ?? "") ?? 20_261_201
        var random = FuzzTests.Random(state: seed)
        var refused = 0
        for _ in 0..<iterations {
            let bytes = FuzzTests.mutate(seeds[random.below(seeds.count)], &random)
            // Both read text the loader has already checked: UTF-8 without NUL.
            guard !bytes.contains(0), let text = String(validating: bytes, as: UTF8.self) else { continue }
            let ours = Self.ours(text)
            if case .tree = ours {} else { refused += 1 }
            #expect(ours == Self.yams(text))
        }
        #expect(refused > 0)
    }
}
