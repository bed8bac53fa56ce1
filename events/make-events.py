#!/usr/bin/env python3
"""Writes the sample events for `sam local invoke` from the repository's sample payloads.

    python3 events/make-events.py

The SQS batch carries one EventBridge-shaped message per configured event, built from
core/src/main/resources/webhooks/events/samples/*.json; the dispatcher's tests deliver this very file, and a test
checks that it still matches the samples. The API events are API Gateway HTTP API (payload 2.0) events with the claims
the JWT authorizer would pass.
"""
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "core/src/main/resources/webhooks/events/samples"
CATALOG = json.loads((ROOT / "core/src/main/resources/webhooks/events/catalog.json").read_text())
ORG = "739224"

records = []
for index, entry in enumerate(CATALOG):
    name = entry["eventName"]
    detail = json.loads((SAMPLES / f"{name}.json").read_text())
    envelope = {"version": "0", "id": f"sample-{name}", "detail-type": name, "source": "epilot.platform",
                "account": "000000000000", "time": "2026-11-28T10:00:00Z", "region": "eu-central-1",
                "resources": [], "detail": detail}
    records.append({"messageId": f"00000000-0000-4000-8000-00000000000{index}", "receiptHandle": f"sample-{index}",
                    "body": json.dumps(envelope, separators=(",", ":")),
                    "attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": "1795860000000"},
                    "messageAttributes": {}, "md5OfBody": "", "eventSource": "aws:sqs",
                    "eventSourceARN": "arn:aws:sqs:eu-central-1:000000000000:webhooks-events",
                    "awsRegion": "eu-central-1"})
(ROOT / "events/sqs-configured-events.json").write_text(json.dumps({"Records": records}, indent=2) + "\n")


def api_event(method, path, body=None):
    event = {"version": "2.0", "routeKey": f"{method} {path}", "rawPath": path, "rawQueryString": "",
             "headers": {"accept": "application/json", "content-type": "application/json",
                         "authorization": "Bearer verified-by-the-api-gateway-authorizer"},
             "requestContext": {"accountId": "000000000000", "apiId": "local", "domainName": "localhost",
                                "http": {"method": method, "path": path, "protocol": "HTTP/1.1",
                                         "sourceIp": "127.0.0.1", "userAgent": "sam-local"},
                                "requestId": "sam-local", "routeKey": f"{method} {path}", "stage": "$default",
                                "time": "28/Nov/2026:10:00:00 +0000", "timeEpoch": 1795860000000,
                                "authorizer": {"jwt": {"claims": {"org_id": ORG, "sub": "sam-local-user"},
                                                       "scopes": None}}},
             "isBase64Encoded": False}
    if body is not None:
        event["body"] = json.dumps(body)
    return event


config = {"eventName": "customer_request_created", "url": "https://partner.example.com/webhooks",
          "httpMethod": "POST",
          "auth": {"authType": "BASIC", "basicAuthConfig": {"username": "partner", "password": "change-me"}},
          "filter": {"keyToFilter": "customer_request.request_items.product_category",
                     "supportedValues": ["solar", "electricity"]}}
(ROOT / "events/api-create-config.json").write_text(
    json.dumps(api_event("POST", "/v1/webhooks/configs", config), indent=2) + "\n")
(ROOT / "events/api-list-configs.json").write_text(
    json.dumps(api_event("GET", "/v1/webhooks/configs"), indent=2) + "\n")
(ROOT / "events/api-get-config.json").write_text(
    json.dumps(api_event("GET", "/v1/webhooks/configs/REPLACE_WITH_CONFIG_ID"), indent=2) + "\n")
(ROOT / "events/api-configured-events.json").write_text(
    json.dumps(api_event("GET", "/v1/webhooks/configured-events"), indent=2) + "\n")
print("wrote", len(records), "SQS records and 4 API events")
