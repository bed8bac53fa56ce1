"""Runs the Python snippet of docs/receiving-webhooks.md (verify.py, beside this file) on one delivery.

stdin: {"secret", "publicKeyPem", "headers" (lower-case names), "body"}; stdout: "v1=<bool> v1a=<bool>".
Run: python3 driver.py
"""
import json
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import verify  # noqa: E402

data = json.loads(sys.stdin.buffer.read().decode("utf-8"))
body = data["body"].encode("utf-8")
v1 = verify.verify_v1(data["secret"], data["headers"], body)
v1a = verify.verify_v1a(data["publicKeyPem"], data["headers"], body)
sys.stdout.write(f"v1={str(v1).lower()} v1a={str(v1a).lower()}\n")
