"""A loopback webhook receiver for the end-to-end tests, verifying with the `standardwebhooks` package.

Prints its port on the first line of stdout, then appends one JSON object per request to --log:
the path, the webhook-id, whether the signature verified, the status it answered, and the raw
headers and body (so a test can replay a delivery with a tampered body).

Paths: /hook answers 200 for a verified delivery; /fail-once answers 500 to the first delivery of
each webhook-id and 200 after; /gone answers 410; /redirect answers 302 to /hook; /slow-429
answers 429 with Retry-After: 1 to the first delivery of each id.
"""
import argparse
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

parser = argparse.ArgumentParser()
parser.add_argument("--secret", required=True)
parser.add_argument("--log", required=True)
args = parser.parse_args()
webhook = Webhook(args.secret)
lock = threading.Lock()
seen_once = set()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *_):
        pass

    def do_POST(self):
        length = int(self.headers.get("content-length", "0"))
        body = self.rfile.read(length)
        headers = {key.lower(): value for key, value in self.headers.items()}
        try:
            webhook.verify(body, headers)
            verified = True
        except WebhookVerificationError:
            verified = False
        message_id = headers.get("webhook-id", "")
        status = 200 if verified else 400
        extra = {}
        with lock:
            first = (self.path, message_id) not in seen_once
            seen_once.add((self.path, message_id))
        if verified and self.path == "/fail-once" and first:
            status = 500
        elif self.path == "/gone":
            status = 410
        elif self.path == "/redirect":
            status = 302
            extra["location"] = "/hook"
        elif verified and self.path == "/slow-429" and first:
            status = 429
            extra["retry-after"] = "1"
        record = {"path": self.path, "id": message_id, "verified": verified, "status": status,
                  "headers": {k: headers[k] for k in ("webhook-id", "webhook-timestamp", "webhook-signature") if k in headers},
                  "body": body.decode("utf-8", "replace")}
        with lock, open(args.log, "a") as log:
            log.write(json.dumps(record) + "\n")
        self.send_response(status)
        for key, value in extra.items():
            self.send_header(key, value)
        self.send_header("content-length", "0")
        self.end_headers()


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)


def exit_with_parent(parent):
    """A test process that dies without stopping the receiver must not leave it holding the test
    run's output open: the receiver stops when its parent is gone."""
    import os
    import time
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


threading.Thread(target=exit_with_parent, args=(__import__("os").getppid(),), daemon=True).start()
server.serve_forever()
