"""Verifies one delivery with `standardwebhooks`: exit 0 if the signature holds, 1 if it is rejected."""
import json
import sys

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

secret, headers, body = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
try:
    Webhook(secret).verify(body.encode(), headers)
except WebhookVerificationError:
    sys.exit(1)
sys.exit(0)
