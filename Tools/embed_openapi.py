#!/usr/bin/env python3
"""Writes Sources/SharegraphServer/OpenAPIDocument.swift from docs/openapi.json, the source of the
server's OpenAPI description. Run it after editing docs/openapi.json; a test fails until the two agree."""
import json
import pathlib

root = pathlib.Path(__file__).resolve().parent.parent
text = (root / "docs/openapi.json").read_text()
json.loads(text)  # a broken document is an error here, not in the server
assert '"""#' not in text
swift = (
    "// The OpenAPI 3.1 description of the server, served at /api/v1/openapi.json. docs/openapi.json is\n"
    "// the source (edit it, then run Tools/embed_openapi.py); a test holds the two to the same text and to\n"
    "// the router's routes, and openapi-spec-validator (PyPI) checks it.\n\n"
    "enum OpenAPIDocument {\n"
    '    static let json = #"""\n'
    + "".join(("        " + line if line else "") + "\n" for line in text.rstrip("\n").split("\n"))
    + '        """#\n'
    "}\n"
)
(root / "Sources/SharegraphServer/OpenAPIDocument.swift").write_text(swift)
