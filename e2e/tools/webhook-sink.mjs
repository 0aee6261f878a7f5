// A webhook receiver on loopback for the webhook tests: it checks each call's
// Cfp-Signature as docs/organisers.md tells receivers to (HMAC-SHA256 of "<t>.<body>"
// under the shared secret, compared in constant time, t within 5 minutes), answers 204
// for a good one and 401 for a bad one, and writes each call to --out as NNNN.json:
// {valid, event, delivery, body}.
//
//   node e2e/tools/webhook-sink.mjs --out DIR --secret SECRET [--port N] [--fail N]
//
// --fail N answers the first N calls 503 (a receiver that is down for a while).
// Prints "webhook-sink listening on 127.0.0.1:PORT" once it listens.
import { createServer } from "node:http";
import { createHmac, timingSafeEqual } from "node:crypto";
import { mkdirSync, writeFileSync, renameSync } from "node:fs";
import { join } from "node:path";

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const out = option("--out");
const secret = option("--secret");
if (!out || !secret) {
  console.error("webhook-sink: --out DIR and --secret SECRET are required");
  process.exit(2);
}
let failing = Number(option("--fail") ?? 0);
mkdirSync(out, { recursive: true });
let count = 0;

/** Whether `header` is a valid signature of `body` now. */
function verify(header, body) {
  const parts = Object.fromEntries(
    (header ?? "").split(",").map((p) => p.split("=", 2)),
  );
  const t = Number(parts.t);
  if (!Number.isFinite(t) || Math.abs(Date.now() / 1000 - t) > 300 || !parts.v1) {
    return false;
  }
  const expected = createHmac("sha256", secret).update(`${parts.t}.`).update(body).digest();
  const given = Buffer.from(parts.v1, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks);
    if (failing > 0) {
      failing -= 1;
      res.writeHead(503).end();
      return;
    }
    const valid = verify(req.headers["cfp-signature"], body);
    const n = String(++count).padStart(4, "0");
    const record = {
      valid,
      event: req.headers["cfp-event"] ?? "",
      delivery: req.headers["cfp-delivery"] ?? "",
      body: JSON.parse(body.toString("utf8") || "null"),
    };
    writeFileSync(join(out, `.${n}.json`), JSON.stringify(record, null, 2));
    renameSync(join(out, `.${n}.json`), join(out, `${n}.json`));
    res.writeHead(valid ? 204 : 401).end();
  });
});
server.listen(Number(option("--port") ?? 0), "127.0.0.1", () => {
  console.log(`webhook-sink listening on 127.0.0.1:${server.address().port}`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
