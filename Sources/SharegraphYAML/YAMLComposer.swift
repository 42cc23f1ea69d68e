// A measured fast path: YAML text composed into a flat tree straight from libyaml's events, instead
// of Yams's node tree.
//
// Why: on the 10,000-party benchmark map, Yams building and freeing its tree (a class-backed tag per
// node, an array of pairs per mapping, a dictionary of nodes to find repeated keys) was about 60%
// of the load's CPU. Here each node is one element of a few flat arrays, repeated keys are found by
// comparing the handful of names in a mapping, and the decoders read `Node` values that are views
// into those arrays. The figures before and after are in BENCHMARKS.md ("First load"). The parse
// itself is libyaml's (the copy Yams builds), so what is valid YAML, and every line and column a
// diagnostic names, is unchanged; the loader tests pin them.

internal import CLibYAML

/// A node of a composed YAML document, as the decoders read it.
enum Node {
    case scalar(Scalar)
    case mapping(Mapping)
    case sequence(Sequence)

    /// Where the node starts: line and column from 1, columns counted in Unicode scalars.
    var mark: Mark? {
        switch self {
        case .scalar(let scalar): scalar.mark
        case .mapping(let mapping): mapping.tree.mark(mapping.index)
        case .sequence(let sequence): sequence.tree.mark(sequence.index)
        }
    }

    /// The scalar, if the node is one.
    var scalar: Scalar? {
        if case .scalar(let scalar) = self { return scalar }
        return nil
    }

    /// A place in the text.
    struct Mark: Equatable {
        var line: Int
        var column: Int
    }

    /// How a scalar was written.
    enum Style: UInt8 {
        case any, plain, singleQuoted, doubleQuoted, literal, folded
    }

    /// A scalar: its text, how it was written and where.
    struct Scalar {
        let string: String
        let style: Style
        let mark: Mark
    }

    /// A mapping's entries in written order.
    struct Mapping: Swift.Sequence {
        let tree: ComposedTree
        let index: Int

        var count: Int { tree.childCount(index) / 2 }

        func makeIterator() -> Iterator {
            Iterator(tree: tree, position: tree.firstChild(index), end: tree.firstChild(index) + tree.childCount(index))
        }

        struct Iterator: IteratorProtocol {
            let tree: ComposedTree
            var position: Int
            let end: Int

            mutating func next() -> (Node, Node)? {
                guard position < end else { return nil }
                defer { position += 2 }
                return (tree.node(tree.child(position)), tree.node(tree.child(position + 1)))
            }
        }
    }

    /// A list's elements.
    struct Sequence: RandomAccessCollection {
        let tree: ComposedTree
        let index: Int

        var startIndex: Int { 0 }
        var endIndex: Int { tree.childCount(index) }
        subscript(position: Int) -> Node { tree.node(tree.child(tree.firstChild(index) + position)) }
    }
}

/// The nodes of one document in flat arrays; `Node` values read them. Immutable once composed,
/// so reading it needs no exclusivity checks (they were a tenth of a load while it was mutable).
final class ComposedTree {
    enum Kind: UInt8 { case scalar, mapping, sequence }

    let kinds: [Kind]
    let styles: [Node.Style]
    let lines: [Int32]
    let columns: [Int32]
    /// A scalar's text; empty for a collection.
    let texts: [String]
    /// A collection's first child's position in `children`, and its count.
    let first: [Int32]
    let counts: [Int32]
    /// Children of every collection, each collection's contiguous: key, value, key, value for a
    /// mapping. An alias is its anchor's node again.
    let children: [Int32]

    fileprivate init(_ builder: consuming Builder) {
        kinds = builder.kinds
        styles = builder.styles
        lines = builder.lines
        columns = builder.columns
        texts = builder.texts
        first = builder.first
        counts = builder.counts
        children = builder.children
    }

    func node(_ index: Int) -> Node {
        switch kinds[index] {
        case .scalar: .scalar(Node.Scalar(string: texts[index], style: styles[index], mark: mark(index)))
        case .mapping: .mapping(Node.Mapping(tree: self, index: index))
        case .sequence: .sequence(Node.Sequence(tree: self, index: index))
        }
    }

    func mark(_ index: Int) -> Node.Mark { Node.Mark(line: Int(lines[index]), column: Int(columns[index])) }
    func firstChild(_ index: Int) -> Int { Int(first[index]) }
    func childCount(_ index: Int) -> Int { Int(counts[index]) }
    func child(_ position: Int) -> Int { Int(children[position]) }

    /// The arrays while the document is composed.
    fileprivate struct Builder {
        var kinds: [Kind] = []
        var styles: [Node.Style] = []
        var lines: [Int32] = []
        var columns: [Int32] = []
        var texts: [String] = []
        var first: [Int32] = []
        var counts: [Int32] = []
        var children: [Int32] = []

        mutating func add(_ kind: Kind, style: Node.Style, mark: yaml_mark_t, text: String = "") -> Int {
            kinds.append(kind)
            styles.append(style)
            lines.append(Int32(clamping: mark.line + 1))
            columns.append(Int32(clamping: mark.column + 1))
            texts.append(text)
            first.append(0)
            counts.append(0)
            return kinds.count - 1
        }

        mutating func close(_ index: Int, children items: ArraySlice<Int32>) {
            first[index] = Int32(clamping: children.count)
            counts[index] = Int32(clamping: items.count)
            children += items
        }

        func mark(_ index: Int) -> Node.Mark { Node.Mark(line: Int(lines[index]), column: Int(columns[index])) }
    }
}

/// Why a text is not one YAML document, in the terms of the YAML processor.
struct YAMLSyntaxError: Error {
    enum Kind {
        /// Bytes the reader refuses; `offset` counts characters before the problem.
        case reader(offset: Int?)
        /// A token or structure error, at `mark`.
        case syntax(context: String?)
        /// The same key twice in one mapping; `keys` are the repeated names, sorted.
        case duplicateKeys([String])
    }

    var kind: Kind
    var problem: String
    var mark: Node.Mark?
}

/// Composes a YAML text into a `ComposedTree` from libyaml's events.
enum YAMLComposer {
    /// The document's root, nil for a text with no document.
    static func compose(_ text: String) throws(YAMLSyntaxError) -> Node? {
        var text = text
        text.makeContiguousUTF8()
        // Contiguous after `makeContiguousUTF8`, so the closure always runs.
        let result = text.utf8.withContiguousStorageIfAvailable { bytes -> Result<Node?, YAMLSyntaxError> in
            do throws(YAMLSyntaxError) {
                return .success(try compose(bytes))
            } catch {
                return .failure(error)
            }
        }
        return try (result ?? .success(nil)).get()
    }

    private static func compose(_ bytes: UnsafeBufferPointer<UInt8>) throws(YAMLSyntaxError) -> Node? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw YAMLSyntaxError(kind: .syntax(context: nil), problem: "out of memory", mark: nil)
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)

        var tree = ComposedTree.Builder()
        var anchors: [String: Int32] = [:]
        // Open collections: their node, its anchor, and where their children start on `pending`.
        var open: [(node: Int, anchor: String?, start: Int)] = []
        var pending: [Int32] = []
        var root: Int?
        var documents = 0
        var event = yaml_event_t()

        func fail(_ parser: yaml_parser_t) -> YAMLSyntaxError {
            let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
            switch parser.error {
            case YAML_READER_ERROR:
                // As a count of characters, as the loader's diagnostics take it.
                let end = min(parser.problem_offset, bytes.count)
                let offset = String(decoding: UnsafeBufferPointer(rebasing: bytes[..<end]), as: UTF8.self).count
                return YAMLSyntaxError(kind: .reader(offset: offset), problem: problem, mark: nil)
            default:
                let context = parser.context.map { String(cString: $0) }
                return YAMLSyntaxError(
                    kind: .syntax(context: context), problem: problem,
                    mark: Node.Mark(line: parser.problem_mark.line + 1, column: parser.problem_mark.column + 1))
            }
        }

        func anchorName(_ name: UnsafeMutablePointer<yaml_char_t>?) -> String? {
            name.map { String(cString: $0) }
        }

        /// A finished node is its parent's next child, or the root.
        func place(_ node: Int) {
            if open.isEmpty { root = node } else { pending.append(Int32(node)) }
        }

        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else { throw fail(parser) }
            defer { yaml_event_delete(&event) }
            switch event.type {
            case YAML_STREAM_END_EVENT:
                guard let root else { return nil }
                return ComposedTree(tree).node(root)
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 {
                    throw YAMLSyntaxError(
                        kind: .syntax(context: "expected a single document in the stream"),
                        problem: "but found another document",
                        mark: Node.Mark(line: event.start_mark.line + 1, column: event.start_mark.column + 1))
                }
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                var value = UnsafeBufferPointer(start: scalar.value, count: scalar.length)
                // A byte-order mark opening a scalar is dropped, as Yams (through Foundation) did: an
                // invisible U+FEFF would otherwise make `﻿id` a different id.
                if value.starts(with: [0xEF, 0xBB, 0xBF]) { value = UnsafeBufferPointer(rebasing: value.dropFirst(3)) }
                let text = String(decoding: value, as: UTF8.self)
                let node = tree.add(
                    .scalar, style: Node.Style(rawValue: UInt8(truncatingIfNeeded: scalar.style.rawValue)) ?? .plain,
                    mark: event.start_mark, text: text)
                if let name = anchorName(scalar.anchor) { anchors[name] = Int32(node) }
                place(node)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let isMapping = event.type == YAML_MAPPING_START_EVENT
                let node = tree.add(isMapping ? .mapping : .sequence, style: .any, mark: event.start_mark)
                // A collection's anchor names it once it is complete, so an alias inside it cannot
                // make the tree a cycle (it names an earlier node of that name, or none).
                open.append(
                    (
                        node,
                        anchorName(isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor),
                        pending.count
                    ))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let (node, name, start) = open.popLast() else { break }
                if tree.kinds[node] == .mapping { try checkDuplicates(pending[start...], in: tree) }
                tree.close(node, children: pending[start...])
                pending.removeSubrange(start...)
                if let name { anchors[name] = Int32(node) }
                place(node)
            case YAML_ALIAS_EVENT:
                let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
                let mark = Node.Mark(line: event.start_mark.line + 1, column: event.start_mark.column + 1)
                guard let target = anchors[name] else {
                    throw YAMLSyntaxError(kind: .syntax(context: nil), problem: "found undefined alias", mark: mark)
                }
                place(Int(target))
            default:
                break
            }
        }
    }

    /// Refuses a mapping that names a key twice, at the first place of the first repeated key in
    /// sorted order. Keys are compared by their text; a mapping has a handful, so comparing every
    /// pair is cheaper than hashing them.
    private static func checkDuplicates(_ entries: ArraySlice<Int32>, in tree: ComposedTree.Builder)
        throws(YAMLSyntaxError)
    {
        let keys = stride(from: entries.startIndex, to: entries.endIndex, by: 2).map { Int(entries[$0]) }.filter {
            tree.kinds[$0] == .scalar
        }
        guard keys.count > 1 else { return }
        var repeated: [String: Int] = [:]
        if keys.count <= 16 {
            for (offset, key) in keys.enumerated() {
                let text = tree.texts[key]
                if repeated[text] == nil, keys[(offset + 1)...].contains(where: { tree.texts[$0] == text }) {
                    repeated[text] = key
                }
            }
        } else {
            var first: [String: Int] = [:]
            for key in keys {
                let text = tree.texts[key]
                if let earlier = first[text] { repeated[text] = repeated[text] ?? earlier } else { first[text] = key }
            }
        }
        guard !repeated.isEmpty else { return }
        let names = repeated.keys.sorted()
        throw YAMLSyntaxError(
            kind: .duplicateKeys(names), problem: "duplicate keys", mark: tree.mark(repeated[names[0]]!))
    }
}
