// Runs the Node snippet of docs/receiving-webhooks.md (verify.js, beside this file) on one delivery.
// stdin: {"secret", "publicKeyPem", "headers" (lower-case names), "body"}; stdout: "v1=<bool> v1a=<bool>".
// Run: NODE_PATH=<repository>/node_modules node driver.js
const fs = require("node:fs");
const { verifyV1, verifyV1a } = require("./verify.js");

const { secret, publicKeyPem, headers, body } = JSON.parse(fs.readFileSync(0, "utf8"));
process.stdout.write(`v1=${verifyV1(secret, headers, body)} v1a=${verifyV1a(publicKeyPem, headers, body)}\n`);
