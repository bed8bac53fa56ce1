#!/usr/bin/env python3
"""Derives api/src/main/resources/openapi/webhooks-openapi.json from epilot's public OpenAPI file (MIT).

Run from the repository root with the contract file as argument:
    python3 docs/tools/make-openapi.py ../shared/spec/epilot-webhooks-openapi.json
It keeps every epilot path, operationId and request schema (a test holds them equal), turns error responses into
problem documents, documents our behaviour where the contract leaves it open, and adds our extensions (marked with
x-webhooks-extension). Edit this script, not the output.
"""
import copy
import json
import sys

src = json.load(open(sys.argv[1]))
doc = {
    "openapi": "3.0.3",
    "info": {"title": "Webhooks", "version": "1.0.0",
             "description": "Webhook configuration, history and delivery API, wire-compatible with the epilot Webhooks API "
                            "(derived from its public OpenAPI description, MIT licence; see epilot-webhooks-openapi.LICENSE). "
                            "Errors are RFC 9457 problem documents (application/problem+json) that also carry the contract's "
                            "`message` field. Additions are marked with `x-webhooks-extension: true`."},
    "tags": src["tags"], "security": src["security"],
    "servers": [{"url": "/", "description": "The deployment's API Gateway URL (SAM output ApiUrl), or http://localhost:8080 locally"}],
    "paths": {}, "components": copy.deepcopy(src["components"]),
}


def problem(description):
    return {"description": description,
            "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}


for path, operations in src["paths"].items():
    ours = copy.deepcopy(operations)
    for method, op in ours.items():
        if method == "parameters":
            continue
        responses = op["responses"]
        for code, response in list(responses.items()):
            if code[0] in "45":
                responses[code] = problem(response.get("description", "Error"))
        if op.get("security") != []:
            responses.setdefault("401", problem("Missing, malformed, badly signed or expired bearer token"))
        if "requestBody" in op:
            responses.setdefault("400", problem("Validation errors: every failing field is listed in `errors`"))
            responses["413"] = problem("Request body larger than 64 KiB")
            responses["415"] = problem("Content-Type is not application/json")
        if "{configId}" in path:
            responses.setdefault("404", problem("No such config (or event) in the caller's organization"))
        responses["500"] = problem("Internal error; details are logged, not returned")
    doc["paths"][path] = ours

paths = doc["paths"]
configs = paths["/v1/webhooks/configs"]
configs["post"]["responses"]["201"]["headers"] = {"ETag": {"schema": {"type": "string"}}, "Location": {"schema": {"type": "string"}}}
put = paths["/v1/webhooks/configs/{configId}"]["put"]
put["parameters"] = put.get("parameters", []) + [{"in": "header", "name": "If-Match", "required": False, "schema": {"type": "string"},
                                                  "description": "The ETag of the version the update is based on; another stored version answers 412."}]
put["responses"]["409"] = problem("The config was changed or deleted by a concurrent request")
put["responses"]["412"] = problem("If-Match does not name the stored version")
paths["/v1/webhooks/configs/{configId}/events/replay-batch"]["post"]["responses"]["202"]["content"]["application/json"]["schema"]["properties"]["unknown_event_ids"] = {
    "type": "array", "items": {"type": "string"}, "x-webhooks-extension": True,
    "description": "Requested ids that are not in the config's history: reported, not silently ignored."}
paths["/v1/webhooks/configs/{configId}/test-oauth"]["post"]["description"] = (
    "Runs a real client-credentials token exchange with the config's OAuth settings; the webhook is not called and the token is "
    "not returned. A failing token endpoint answers 200 with success=false and its reason.")
paths["/v1/webhooks/configs/{configId}/example"]["post"]["description"] = (
    "Adapted: there is no automation engine here. Answers a sample event of the config's eventName, built from that event's "
    "JSON Schema (its examples), with the caller's organization and the config in metadata. Our addition: a request with "
    "`apply_transform: true` (the config's jsonataExpression) or a `jsonataExpression` (one being written) is answered with "
    "`{payload: <the sample event>, transformed_payload: <what the webhook would receive>}`, or `transform_error` instead "
    "of `transformed_payload` when the transform makes no body of the sample; the body may also be empty.")
paths["/v1/webhooks/configs/{configId}/trigger"]["post"]["description"] = (
    "Sends the given payload to the config past its filter and through its transform (jsonataExpression), as a delivery "
    "of it would be; metadata.organization_id is set to the caller's. sync=true makes one attempt and answers its outcome "
    "and (our addition) `payload`, the body sent; otherwise the event is queued and only its event_id is answered.")
paths["/v1/webhooks/configs/{configId}/trigger"]["post"]["responses"]["503"] = problem(
    "The config's transform could not be evaluated now (every evaluator busy); Retry-After says when to try again")
for replay in ("/v1/webhooks/configs/{configId}/events/{eventId}/replay", "/v1/webhooks/configs/{configId}/events/replay-batch"):
    paths[replay]["post"]["description"] += (
        ". Here: without reapply_transform the body the event sent is sent again byte for byte; with reapply_transform=true the "
        "config's current jsonataExpression is applied to the original event (a config without one sends the original event). "
        "The original is always kept, so 422 does not occur; a reapply_transform that is not a boolean answers 400.")
paths["/v1/webhooks/.well-known/public-key"]["get"]["description"] = (
    "The organization's Ed25519 public key (PEM). Deliveries carry `v1a,<Ed25519 signature>` beside the `v1` HMAC in "
    "webhook-signature. The key pair is made with the organization's first config (or first signed delivery), never "
    "by this route; the private key is stored encrypted and never returned.")
paths["/v1/webhooks/.well-known/public-key"]["get"]["responses"]["400"] = problem("orgId is missing or too long")
paths["/v1/webhooks/.well-known/public-key"]["get"]["responses"]["404"] = problem(
    "The organization has no signing key yet (it has no config)")

paths["/v1/webhooks/configured-events/{eventName}/schema"] = {"get": {
    "operationId": "getEventSchema", "summary": "getEventSchema", "x-webhooks-extension": True, "security": [], "tags": ["webhooks"],
    "description": "The JSON Schema (draft 2020-12) of a configured event's payload. Filter paths must name a property declared here.",
    "parameters": [{"in": "path", "name": "eventName", "required": True, "schema": {"type": "string"}, "example": "customer_request_created"}],
    "responses": {"200": {"description": "The schema", "content": {"application/json": {"schema": {"type": "object"}}}},
                  "404": problem("No configured event with this name")}}}
paths["/v1/webhooks/openapi.json"] = {"get": {
    "operationId": "getOpenApi", "summary": "getOpenApi", "x-webhooks-extension": True, "security": [], "tags": ["webhooks"],
    "description": "This document.",
    "responses": {"200": {"description": "The OpenAPI document", "content": {"application/json": {"schema": {"type": "object"}}}}}}}
paths["/v1/webhooks/configs/{configId}/signing-secret/rotate"] = {"post": {
    "operationId": "rotateSigningSecret", "summary": "rotateSigningSecret", "x-webhooks-extension": True, "tags": ["webhooks"],
    "description": "Replaces the config's signing secret; the new one is returned this once. During the grace period deliveries carry a v1 signature with the old secret beside the new one.",
    "parameters": [{"in": "path", "name": "configId", "required": True, "schema": {"type": "string"}}],
    "requestBody": {"required": False, "content": {"application/json": {"schema": {"type": "object", "properties": {
        "grace_period_seconds": {"type": "integer", "minimum": 0, "maximum": 604800, "default": 86400}}}}}},
    "responses": {"200": {"description": "The new secret", "content": {"application/json": {"schema": {"type": "object", "properties": {
        "signingSecret": {"type": "string"}, "previous_secret_expires_at": {"type": "string", "format": "date-time"}}}}}},
        "400": problem("grace_period_seconds out of range"), "401": problem("Not authenticated"),
        "404": problem("No such config in the caller's organization"), "409": problem("Concurrent change"),
        "500": problem("Internal error")}}}
paths["/v1/webhooks/filter-test"] = {"post": {
    "operationId": "testFilter", "summary": "testFilter", "x-webhooks-extension": True, "tags": ["webhooks"],
    "description": "Evaluates a filter and/or filterConditions against a given payload, or against the organization's most recent stored payloads of an event (up to 50), and explains per event whether it matched and which rule failed first. With a jsonataExpression, each matching event also shows the body the webhook would receive. With a configId, the config's filter, filterConditions, jsonataExpression and eventName stand in for those the request leaves out. Nothing is stored or sent.",
    "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object", "properties": {
        "filter": {"$ref": "#/components/schemas/Filter"}, "filterConditions": {"$ref": "#/components/schemas/WebhookConditionGroup"},
        "jsonataExpression": {"type": "string", "description": "A payload transform to preview, validated as a config's is"},
        "configId": {"type": "string", "description": "A config of the caller's whose rules and transform fill in what the request leaves out (404 for another organization's)"},
        "payload": {"type": "object"}, "eventName": {"type": "string"}, "limit": {"type": "integer", "minimum": 1, "maximum": 50}}}}}},
    "responses": {"200": {"description": "One result per evaluated payload", "content": {"application/json": {"schema": {"type": "object", "properties": {
        "results": {"type": "array", "items": {"type": "object", "properties": {
            "event_id": {"type": "string"}, "created_at": {"type": "string"}, "matched": {"type": "boolean"}, "failed_rule": {"type": "string", "nullable": True},
            "transformed_payload": {"description": "The body the webhook would receive (any JSON value): present when there is a transform and the event matched"},
            "transform_error": {"type": "string", "description": "Why the transform makes no body of this event: such a delivery fails with TransformError"}}}}}}}}},
        "400": problem("Validation errors"), "401": problem("Not authenticated"), "404": problem("configId is not a config of the caller's organization"),
        "500": problem("Internal error"),
        "503": problem("The filter or transform could not be evaluated now (every evaluator busy); Retry-After says when to try again")}}}
paths["/v1/webhooks/configs/{configId}/stats"] = {"get": {
    "operationId": "getDeliveryStatistics", "summary": "getDeliveryStatistics", "x-webhooks-extension": True, "tags": ["webhooks"],
    "description": "A config's finished deliveries over the last 24 hours or 7 days: counts per final status for every hour (zero where none finished), totals, and the median and 95th-percentile latency of the sent ones (each the upper bound of its latency bucket: 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000 ms). Answered from per-hour counters kept as deliveries finish, never by scanning the delivery log; readable after the config is deleted, like its history.",
    "parameters": [{"in": "path", "name": "configId", "required": True, "schema": {"type": "string"}},
                   {"in": "query", "name": "window", "required": False, "schema": {"type": "string", "enum": ["24h", "7d"], "default": "24h"}}],
    "responses": {"200": {"description": "The window's statistics", "content": {"application/json": {"schema": {"type": "object", "properties": {
        "config_id": {"type": "string"}, "window": {"type": "string", "enum": ["24h", "7d"]},
        "from": {"type": "string", "format": "date-time", "description": "Start of the first hour"},
        "to": {"type": "string", "format": "date-time", "description": "End of the current hour"},
        "buckets": {"type": "array", "description": "One per hour, oldest first", "items": {"type": "object", "properties": {
            "hour": {"type": "string", "format": "date-time"}, "succeeded": {"type": "integer"}, "failed": {"type": "integer"}, "skipped": {"type": "integer"}}}},
        "totals": {"type": "object", "properties": {"succeeded": {"type": "integer"}, "failed": {"type": "integer"}, "skipped": {"type": "integer"}}},
        "latency_ms": {"type": "object", "properties": {"p50": {"type": "integer", "nullable": True}, "p95": {"type": "integer", "nullable": True}}}}}}}},
        "400": problem("Unknown window"), "401": problem("Not authenticated"),
        "404": problem("No such config in the caller's organization, and no deliveries in the window"), "500": problem("Internal error")}}}

schemas = doc["components"]["schemas"]
schemas["Problem"] = {"type": "object", "description": "RFC 9457 problem details; `message` repeats `detail` for clients of ErrorResp.",
                      "properties": {"type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
                                     "detail": {"type": "string"}, "message": {"type": "string"},
                                     "errors": {"type": "array", "items": {"type": "object", "properties": {
                                         "field": {"type": "string", "example": "auth.basicAuthConfig.username"},
                                         "reason": {"type": "string", "example": "is required"}}}}}}
config = schemas["WebhookConfig"]["properties"]
config["status"]["description"] = "Derived, read-only: `incomplete` when the auth lacks a secret that was cleared with null, else `active`/`inactive` by `enabled`."
config["status"]["readOnly"] = True
config["creationTime"]["readOnly"] = True
config["updatedTime"]["readOnly"] = True
schemas["CustomHeader"]["description"] = (
    "Headers sent with every delivery of the webhook, as name/value pairs. At most 20; a name may not be one the service "
    "sets (Host, Content-Length, Transfer-Encoding, Connection, Upgrade, TE, Content-Type, webhook-id, "
    "webhook-timestamp, webhook-signature), nor Authorization, nor the API key's header; a value is one line. Values "
    "are secrets: encrypted at rest and returned masked as `********`. On update, a header sent with the masked value "
    "keeps its stored value, a new value replaces it, and a header left out is removed; an update that moves the url "
    "to another scheme, host or port must send the values again.")
config["failing_since"] = {"type": "string", "format": "date-time", "nullable": True, "readOnly": True, "x-webhooks-extension": True,
                           "description": "When this webhook's deliveries started failing without a success since; null while healthy."}
config["disabled_reason"] = {"type": "string", "enum": ["endpoint_gone", "failing_too_long"], "nullable": True, "readOnly": True,
                             "x-webhooks-extension": True,
                             "description": "Why the service disabled this webhook (410 Gone, or every delivery failing for the configured period); null while enabled or when its owner disabled it. Enabling it again clears it."}
config["last_delivery_status"] = {"type": "string", "enum": ["succeeded", "failed", "in_progress", "skipped"], "nullable": True,
                                  "readOnly": True, "x-webhooks-extension": True,
                                  "description": "The status of this webhook's newest delivery record (within the history's four weeks); null when it has none."}
config["last_delivery_at"] = {"type": "string", "format": "date-time", "nullable": True, "readOnly": True, "x-webhooks-extension": True,
                              "description": "When that delivery finished (or was recorded, while in progress or when skipped); null when there is none."}
config["rateLimitPerSecond"] = {"type": "integer", "minimum": 1, "maximum": 1000, "nullable": True, "x-webhooks-extension": True,
                                "description": "At most this many deliveries per second to this webhook, across all dispatchers. Deliveries over the limit wait in the queue; none is dropped."}
config["retryPolicy"]["description"] += ("\nHere: retried outcomes are connection errors, timeouts, 5xx, 429 and 3xx (redirects are never followed); "
                                         "each wait has ±20 % jitter; a Retry-After on 429/503 is honoured up to twice the scheduled wait. 410 Gone disables the webhook at once.")
event = schemas["WebhookEvent"]["properties"]
event["status"]["enum"] = ["succeeded", "failed", "in_progress", "skipped"]
event["http_method"]["enum"] = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]
event["next_attempt_at"] = {"type": "string", "x-webhooks-extension": True, "description": "When the next scheduled retry is due, while the event is in_progress."}
event["replay_of"] = {"type": "string", "x-webhooks-extension": True, "description": "For a replay, the id of the event it replays."}
event["payload"]["description"] += " Here: the body sent, after the config's jsonataExpression (the event itself when there is none)."
event["original_payload"]["description"] = ("Here: the event before the config's jsonataExpression, present when the transform changed it. "
                                            "Every delivery keeps its original, so a replay can always reapply the transform.")
event["http_response"]["properties"]["code"]["description"] += (
    " Here also: HttpError, ConnectionError, ConnectionLost, Timeout, SsrfBlocked, AuthMisconfigured, CircuitOpen, Deferred, Gone, "
    "RetryDropped, RateLimited, FilterUnavailable (the filter or transform could not be evaluated in time) and TransformError "
    "(the config's jsonataExpression failed on this event: nothing was sent, and it is not retried).")
schemas["TriggerWebhookResp"]["properties"]["payload"] = {"type": "string", "x-webhooks-extension": True,
    "description": "The body sent (after the config's jsonataExpression); absent when the transform failed and nothing was sent."}
config["jsonataExpression"]["description"] += (
    ". Here: evaluated after the filter matched, in the filters' sandbox; its result, serialized as JSON (at most 128 KiB), is the "
    "body sent and signed. An expression that does not parse or uses what the sandbox refuses ($eval, transforms |...|, ...) is "
    "refused with a 400 naming jsonataExpression. A failing evaluation fails the delivery with TransformError.")
json.dump(doc, open("api/src/main/resources/openapi/webhooks-openapi.json", "w"), indent=2)
print("wrote", len(doc["paths"]), "paths")
