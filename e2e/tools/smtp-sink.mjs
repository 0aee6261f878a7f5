// A real SMTP server on loopback for the mail tests (npm smtp-server): it accepts every
// message and writes it to --out as NNNN.eml (the raw message) and NNNN.json (envelope,
// subject, Message-ID and text, read with mailparser), each written whole before it is
// renamed into place, so a reader never sees half a message.
//
//   node e2e/tools/smtp-sink.mjs --out DIR [--port N] [--reject ADDRESS]
//
// Prints "smtp-sink listening on 127.0.0.1:PORT" once it listens. --reject answers 550
// (a permanent refusal) for that recipient, as a server does for an address that does
// not exist. Used by crates/cfp-server/tests/mail.rs and e2e/after-submit.test.mjs.
import { SMTPServer } from "smtp-server";
import { simpleParser } from "mailparser";
import { mkdirSync, writeFileSync, renameSync } from "node:fs";
import { join } from "node:path";

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const out = option("--out");
if (!out) {
  console.error("smtp-sink: --out DIR is required");
  process.exit(2);
}
const port = Number(option("--port") ?? 0);
const reject = (option("--reject") ?? "").toLowerCase();
mkdirSync(out, { recursive: true });
let count = 0;

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onRcptTo(address, _session, callback) {
    if (reject && address.address.toLowerCase() === reject) {
      const error = new Error(`5.1.1 <${address.address}>: no such user`);
      error.responseCode = 550;
      return callback(error);
    }
    callback();
  },
  onData(stream, session, callback) {
    const chunks = [];
    stream.on("data", (c) => chunks.push(c));
    stream.on("end", async () => {
      const raw = Buffer.concat(chunks);
      const parsed = await simpleParser(raw);
      const n = String(++count).padStart(4, "0");
      const summary = {
        from: session.envelope.mailFrom && session.envelope.mailFrom.address,
        to: session.envelope.rcptTo.map((r) => r.address),
        subject: parsed.subject ?? "",
        message_id: parsed.messageId ?? "",
        reply_to: parsed.replyTo ? parsed.replyTo.text : "",
        from_header: parsed.from ? parsed.from.text : "",
        text: parsed.text ?? "",
      };
      writeFileSync(join(out, `.${n}.eml`), raw);
      renameSync(join(out, `.${n}.eml`), join(out, `${n}.eml`));
      writeFileSync(join(out, `.${n}.json`), JSON.stringify(summary, null, 2));
      renameSync(join(out, `.${n}.json`), join(out, `${n}.json`));
      callback();
    });
  },
});

server.on("error", (e) => console.error(`smtp-sink: ${e.message}`));
server.listen(port, "127.0.0.1", () => {
  console.log(`smtp-sink listening on 127.0.0.1:${server.server.address().port}`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
