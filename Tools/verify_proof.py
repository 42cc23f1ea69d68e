#!/usr/bin/env python3
"""Verify a Sharegraph proof-of-erasure bundle without Sharegraph.

    python3 Tools/verify_proof.py BUNDLE.json [--public-key BASE64]

Checks, in order: the bundle's form; the Ed25519 signature over the payload's exact bytes (with the
`cryptography` package); that the key is the one expected, when --public-key gives it; the request's
hash chain from its root, event by event; that every event's notice hash matches the notice in the
bundle; that every notice's state is the state of its last event; and that a bundle that calls the
erasure complete has no notice still waiting. Prints `valid` (or `valid interim statement` for a
bundle signed while notices still wait) and exits 0, or prints the first problem and exits 1.
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
    if not isinstance(bundle, dict):
        raise Invalid("the bundle is not a JSON object")
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
    if not isinstance(payload, dict):
        raise Invalid("the payload is not a JSON object")
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
    # Complete means every notice has its final answer, worked out here from the states themselves.
    today = str(payload.get("signed_at", ""))[:10]
    waiting = [notice["id"] for notice in notices.values() if outstanding(notice, today)]
    if payload.get("complete", True) and waiting:
        raise Invalid(f"the bundle says the erasure is complete but {len(waiting)} notices still wait: {waiting[0]}")
    return payload, waiting


def outstanding(notice, today):
    if notice["state"] in ("completed", "refused", "exempt"):
        return False
    # A follow-up erasure whose day had not come when the bundle was signed is scheduled, not owed.
    if notice["action"] == "follow-up" and notice["state"] == "planned" and (notice.get("not_before") or "") > today:
        return False
    return not (notice["action"] == "inform" and notice["state"] == "acknowledged")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle")
    parser.add_argument("--public-key", help="the controller's public key, base64 of the raw 32 bytes")
    args = parser.parse_args()
    try:
        with open(args.bundle, encoding="utf-8") as file:
            bundle = json.load(file)
        payload, waiting = verify(bundle, args.public_key)
    except Invalid as error:
        print(f"invalid: {error}")
        return 1
    except RecursionError:
        print("invalid: cannot read the bundle: nested too deeply")
        return 1
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
        print(f"invalid: cannot read the bundle: {type(error).__name__} {str(error)[:200]}")
        return 1
    summary = f"request {payload['request']['id']}, {len(payload['notices'])} notices, {len(payload['events'])} events"
    if waiting:
        print(f"valid interim statement, not a proof of erasure: {summary}; {len(waiting)} notices still wait")
    else:
        print(f"valid: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
