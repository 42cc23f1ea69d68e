"""Every answer of a live `sharegraph serve`, checked by openapi-core (PyPI) against docs/openapi.json.

Starts the server on a free loopback port with OpenDSR off, makes one request for each route and
each answer a client meets (success, bad input, no token, a read-only token, unknown ids, a replayed
erasure request, OpenDSR not enabled), and validates every request and response strictly: status
code documented, media type documented, body valid against its schema (a body that matches both
branches of a `oneOf` fails). Prints one line per exchange and "ok" at the end.

    python3 openapi_live.py BINARY REPOSITORY
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

from openapi_core import Config, OpenAPI
from openapi_core.testing import MockRequest, MockResponse

binary, repository = sys.argv[1], sys.argv[2]
work = tempfile.mkdtemp()
tokens = os.path.join(work, "tokens.txt")


def token(name, scope):
    with open(tokens, "a") as out:
        made = subprocess.run([binary, "token", name, "--scope", scope], stdout=out, stderr=subprocess.PIPE, text=True)
    return made.stderr.strip().split(": ")[-1]


writer = token("writer", "read,write")
reader = token("reader", "read")
log = open(os.path.join(work, "serve.log"), "w+")
server = subprocess.Popen(
    [binary, "serve", "--tokens", tokens, "--ledger", os.path.join(work, "ledger.sqlite"), "--port", "0",
     "--delivery-interval", "0"],
    cwd=repository, stdout=log, stderr=subprocess.STDOUT)
try:
    port = None
    for _ in range(150):
        log.seek(0)
        found = re.search(r"listening on http://127\.0\.0\.1:(\d+)", log.read())
        if found:
            port = int(found.group(1))
            break
        time.sleep(0.2)
    assert port, "the server did not start"
    base = f"http://127.0.0.1:{port}"
    with open(os.path.join(repository, "docs/openapi.json")) as f:
        spec = json.load(f)
    spec["servers"] = [{"url": base}]
    # JSON media types beyond application/json are read as JSON; text ones (SVG, DOT, PEM) as text.
    as_json = lambda data: json.loads(data)
    as_text = lambda data: data.decode() if isinstance(data, bytes) else data
    deserializers = {"application/problem+json": as_json, "application/sarif+json": as_json}
    for media in ["image/svg+xml", "text/vnd.graphviz", "text/vnd.mermaid", "application/x-pem-file", "text/html",
                  "text/markdown", "text/plain"]:
        deserializers[media] = as_text
    openapi = OpenAPI.from_dict(spec, config=Config(extra_media_type_deserializers=deserializers))
    failures = []
    seen = []

    def call(method, path, body=None, content_type="application/json", auth=writer, expect=None, headers=None):
        data = body.encode() if isinstance(body, str) else body
        request = urllib.request.Request(base + path, data=data, method=method)
        sent = dict(headers or {})
        if auth:
            sent["Authorization"] = f"Bearer {auth}"
        if data is not None:
            sent["Content-Type"] = content_type
        for name, value in sent.items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                status, answer_headers, payload = answer.status, dict(answer.headers), answer.read()
        except urllib.error.HTTPError as error:
            status, answer_headers, payload = error.code, dict(error.headers), error.read()
        path_only, _, query = path.partition("?")
        args = dict(pair.split("=", 1) for pair in query.split("&") if pair) if query else {}
        mock_request = MockRequest(
            base, method.lower(), path_only, args=args, headers=sent, data=data,
            content_type=content_type if data is not None else "application/json")
        media = (answer_headers.get("Content-Type") or "").split(";")[0]
        mock_response = MockResponse(payload, status_code=status, headers=answer_headers, content_type=media)
        line = f"{method} {path_only} -> {status} {media}"
        try:
            openapi.validate_response(mock_request, mock_response)
        except Exception as error:  # openapi-core raises its own validation errors
            cause = getattr(error, "__cause__", None)
            failures.append(f"{line}: {type(error).__name__}: {str(error)[:300]}; {str(cause)[:600]}")
        if expect is not None and status != expect:
            failures.append(f"{line}: expected {expect}")
        seen.append(line)
        print(line)
        return status, payload

    subject = open(os.path.join(repository, "Samples/subjects/vekstly-course-participant-card.yaml")).read()
    erasure = open(os.path.join(repository, "Samples/server/vekstly-erasure-request.yaml")).read()

    call("GET", "/api/health", auth=None, expect=200)
    call("GET", "/api/v1/graph", auth=None, expect=401)
    call("GET", "/api/v1/graph", expect=200)
    call("GET", "/api/v1/graph/findings", expect=200)
    call("GET", "/api/v1/graph/findings?format=sarif", expect=200)
    call("GET", "/api/v1/openapi.json", expect=200)
    call("GET", "/api/v1/recipients?party=vekstly", expect=200)
    call("GET", "/api/v1/recipients?party=no-such-party", expect=404)
    call("GET", "/api/v1/diagrams/overview?format=svg", expect=200)
    call("GET", "/api/v1/diagrams/party?id=stripe&format=dot", expect=200)
    call("GET", "/api/v1/diagrams/no-such-view", expect=404)
    call("POST", "/api/v1/trace?as_of=2026-12-01", subject, "application/yaml", expect=200)
    call("POST", "/api/v1/trace?format=text", subject, "application/yaml", expect=200)
    call("POST", "/api/v1/trace", "relationships: [", "application/yaml", expect=400)
    call("POST", "/api/v1/diagrams/subject?format=svg", subject, "application/yaml", expect=200)
    call("POST", "/api/v1/erasure-requests?plan=true", erasure, "application/yaml", expect=200)
    call("POST", "/api/v1/erasure-requests", erasure, "application/yaml", auth=reader, expect=403)
    call("POST", "/api/v1/erasure-requests", erasure, "application/yaml", expect=201)
    # The same request again: 200 with the recorded answer, which must match one branch only.
    call("POST", "/api/v1/erasure-requests", erasure, "application/yaml", expect=200)
    call("POST", "/api/v1/erasure-requests", "id: x\n", "application/yaml", expect=400)
    call("GET", "/api/v1/erasure-requests/vekstly-dsr-2026-0107", expect=200)
    call("GET", "/api/v1/erasure-requests/vekstly-dsr-2026-0107/events", expect=200)
    call("GET", "/api/v1/erasure-requests/no-such-request", expect=404)
    _, listed = call("GET", "/api/v1/notices?request=vekstly-dsr-2026-0107", expect=200)
    call("GET", "/api/v1/notices?state=no-such-state", expect=400)
    notices = json.loads(listed)
    notices = notices.get("notices", notices) if isinstance(notices, dict) else notices
    open_notice = next(n["id"] for n in notices if n.get("state") == "planned")
    call("POST", f"/api/v1/notices/{open_notice}/ack", '{"answer":"received"}', expect=200)
    call("POST", "/api/v1/notices/ntc_no-such-notice/ack", '{"answer":"completed"}', expect=404)
    # OpenDSR is off on this server: every OpenDSR route says so, as documented.
    call("GET", "/opendsr/v1/discovery", expect=404)
    call("GET", "/opendsr/v1/key.pem", expect=404)
    call("POST", "/opendsr/v1/requests", "{}", expect=404)
    call("GET", "/opendsr/v1/requests/3f1e2d4c-0000-4000-8000-000000000000", expect=404)
    call("POST", "/opendsr/v1/callbacks", "{}", auth=None, expect=404,
         headers={"X-OpenDSR-Signature": "x", "X-OpenDSR-Processor-Domain": "example.com"})
    if failures:
        print("\n".join(["FAILED:"] + failures))
        sys.exit(1)
    print(f"{len(seen)} exchanges valid against docs/openapi.json")
    print("ok")
finally:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
