#!/usr/bin/env python3
"""Verify a Sharegraph proof-of-erasure bundle without Sharegraph.

    python3 Tools/verify_proof.py BUNDLE.json [--public-key BASE64]

Checks, in order: the bundle's form; the Ed25519 signature over the payload's exact bytes (with the
`cryptography` package); that the key is the one expected, when --public-key gives it; the request's
hash chain from its root, event by event; that every event's notice hash matches the notice in the
bundle; and that every notice's state is the state of its last event. Prints `valid` and exits 0, or
prints the first problem and exits 1.
"""
import argparse
import base64
import hashlib
import json
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def digest(fields):
    """SHA-256 of the fields joined by U+001F, a missing field written as U+001E, in hex."""
    joined = "\x1f".join("\x1e" if field is None else field for field in fields)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def chain_root(request):
    return digest(["sharegraph-chain-v1", request["id"], request["controller"], request["subject_reference"], request["scope"],
                   request["received"], request["deadline"], request.get("extension_reason"), request["content_hash"],
                   request["recorded_at"]])


def notice_hash(notice):
    return digest(["notice", notice["id"], notice["request_id"], notice["recipient"], notice["recipient_name"], notice["role"],
                   notice["action"], notice.get("parent_id"), notice["channel"], notice.get("channel_detail"), notice.get("deadline"),
                   notice.get("not_before"), notice.get("restricted_until"), notice["language"], notice["body"], str(notice["position"])])


def event_hash(previous, event, notice_digest):
    return digest(["event", previous, event["notice_id"], event["at"], event["kind"], event["state"], event.get("detail"), notice_digest])


class Invalid(Exception):
    pass


def verify(bundle, expected_key=None):
    if bundle.get("schema") != "sharegraph.proof/1" or bundle.get("algorithm") != "Ed25519":
        raise Invalid("not a sharegraph.proof/1 bundle signed with Ed25519")
    try:
        key_bytes = base64.b64decode(bundle["public_key"], validate=True)
        signature = base64.b64decode(bundle["signature"], validate=True)
        payload_text = bundle["payload"]
    except (KeyError, ValueError, TypeError) as error:
        raise Invalid(f"malformed bundle: {error}")
    if expected_key is not None and key_bytes != base64.b64decode(expected_key):
        raise Invalid("signed with another key than the controller's")
    try:
        Ed25519PublicKey.from_public_bytes(key_bytes).verify(signature, payload_text.encode("utf-8"))
    except (InvalidSignature, ValueError):
        raise Invalid("the signature does not match the payload")
    payload = json.loads(payload_text)
    request = payload["request"]
    notices = {notice["id"]: notice for notice in payload["notices"]}
    previous = chain_root(request)
    if payload["chain_root"] != previous:
        raise Invalid("the chain root does not match the request")
    last_state = {}
    for event in payload["events"]:
        notice = notices.get(event["notice_id"])
        if notice is None:
            raise Invalid(f"event {event['seq']} concerns a notice that is not in the bundle")
        if event["prev_hash"] != previous:
            raise Invalid(f"event {event['seq']} does not follow the one before it")
        expected_notice = notice_hash(notice)
        if event["notice_hash"] != expected_notice:
            raise Invalid(f"event {event['seq']}: notice {notice['id']} differs from the one the event was recorded for")
        expected = event_hash(previous, event, expected_notice)
        if event["hash"] != expected:
            raise Invalid(f"event {event['seq']} was altered")
        previous = expected
        last_state[notice["id"]] = event["state"]
    if payload["chain_head"] != previous:
        raise Invalid("the chain head does not match the last event")
    for notice in notices.values():
        if last_state.get(notice["id"]) != notice["state"]:
            raise Invalid(f"notice {notice['id']} says {notice['state']} but no event records that")
    return payload


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle")
    parser.add_argument("--public-key", help="the controller's public key, base64 of the raw 32 bytes")
    args = parser.parse_args()
    try:
        with open(args.bundle, encoding="utf-8") as file:
            bundle = json.load(file)
        payload = verify(bundle, args.public_key)
    except Invalid as error:
        print(f"invalid: {error}")
        return 1
    except (OSError, ValueError, KeyError, TypeError) as error:
        print(f"invalid: cannot read the bundle: {error}")
        return 1
    print(f"valid: request {payload['request']['id']}, {len(payload['notices'])} notices, {len(payload['events'])} events")
    return 0


if __name__ == "__main__":
    sys.exit(main())
