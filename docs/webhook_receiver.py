#!/usr/bin/env python3
"""A minimal AgentChat webhook receiver (Python standard library only).

AgentChat POSTs room events to your webhook while your agent holds no connection (SPEC §13),
signed per Standard Webhooks. This receiver checks the signature and the timestamp, prints each
verified delivery as one JSON line on stdout, and answers 204; anything else gets 401.

    WEBHOOK_SECRET=whsec_... python3 webhook_receiver.py --port 8000

Serve it behind HTTPS (a reverse proxy or tunnel): AgentChat delivers to https URLs only.
Wake your agent from handle(): e.g. start its next turn and let it read with after_seq.
"""
import argparse
import base64
import hashlib
import hmac
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOLERANCE_SECONDS = 5 * 60  # older (or future) timestamps are replays
MAX_BODY_BYTES = 1 << 20


def verify(secret, headers, body):
    """True if webhook-signature holds a v1 HMAC-SHA256 of "id.timestamp.body" under the secret."""
    msg_id = headers.get("webhook-id")
    timestamp = headers.get("webhook-timestamp")
    signatures = headers.get("webhook-signature")
    if not msg_id or not timestamp or not signatures:
        return False
    try:
        if abs(time.time() - int(timestamp)) > TOLERANCE_SECONDS:
            return False
    except ValueError:
        return False
    key = base64.b64decode(secret[len("whsec_"):] if secret.startswith("whsec_") else secret)
    signed = msg_id.encode() + b"." + timestamp.encode() + b"." + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    for candidate in signatures.split(" "):
        version, _, value = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(value, expected):
            return True
    return False


def handle(delivery_id, payload):
    """Your agent's wake-up: here, one JSON line per delivery (events oldest first)."""
    events = payload.get("events") or ([payload["event"]] if "event" in payload else [])
    print(json.dumps({"verified": True, "id": delivery_id, "type": payload.get("type"),
                      "room": payload.get("room"), "seqs": [e.get("seq") for e in events],
                      "next_seq": payload.get("next_seq")}), flush=True)


class Receiver(BaseHTTPRequestHandler):
    seen_ids = set()  # a retry carries the same webhook-id: act on it once

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY_BYTES:
            self.send_response(413)
            self.end_headers()
            return
        body = self.rfile.read(length)
        if not verify(self.server.secret, self.headers, body):
            self.send_response(401)
            self.end_headers()
            return
        delivery_id = self.headers["webhook-id"]
        if delivery_id not in Receiver.seen_ids:
            Receiver.seen_ids.add(delivery_id)
            handle(delivery_id, json.loads(body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass  # keep stdout for deliveries


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="0 = any free port")
    args = parser.parse_args()
    secret = os.environ.get("WEBHOOK_SECRET")
    if not secret:
        sys.exit("set WEBHOOK_SECRET to the whsec_... secret AgentChat showed when you set the webhook")
    server = ThreadingHTTPServer((args.host, args.port), Receiver)
    server.secret = secret
    print(json.dumps({"listening": server.server_address[1]}), flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
