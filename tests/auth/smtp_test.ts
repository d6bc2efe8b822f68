/**
 * SmtpMailer really speaks SMTP through nodemailer: a minimal receiving
 * server (test-only) captures what arrives on the wire.
 */
import assert from "node:assert/strict";
import { productionMailer } from "../../lib/mail/mod.ts";
import { SmtpMailer } from "../../lib/mail/smtp.ts";

/** Accepts one SMTP session and resolves with the DATA section. */
function smtpSink(): {
  port: number;
  received: Promise<{ rcpt: string[]; data: string }>;
} {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const received = (async () => {
    const conn = await listener.accept();
    const enc = new TextEncoder();
    const dec = new TextDecoder();
    const say = (line: string) => conn.write(enc.encode(line + "\r\n"));
    await say("220 sink ESMTP");
    let buffer = "";
    let inData = false;
    let data = "";
    const rcpt: string[] = [];
    const chunk = new Uint8Array(4096);
    try {
      while (true) {
        const n = await conn.read(chunk);
        if (n === null) break;
        buffer += dec.decode(chunk.subarray(0, n));
        let idx: number;
        while (true) {
          if (inData) {
            idx = buffer.indexOf("\r\n.\r\n");
            if (idx < 0) break;
            data = buffer.slice(0, idx);
            buffer = buffer.slice(idx + 5);
            inData = false;
            await say("250 OK queued");
            continue;
          }
          idx = buffer.indexOf("\r\n");
          if (idx < 0) break;
          const line = buffer.slice(0, idx);
          buffer = buffer.slice(idx + 2);
          const verb = line.slice(0, 4).toUpperCase();
          if (verb === "EHLO" || verb === "HELO") await say("250 sink");
          else if (verb === "RCPT") {
            rcpt.push(line);
            await say("250 OK");
          } else if (verb === "DATA") {
            inData = true;
            await say("354 go ahead");
          } else if (verb === "QUIT") {
            await say("221 bye");
            conn.close();
            return { rcpt, data };
          } else await say("250 OK");
        }
      }
    } finally {
      listener.close();
    }
    return { rcpt, data };
  })();
  return { port: (listener.addr as Deno.NetAddr).port, received };
}

Deno.test("SmtpMailer delivers through nodemailer to an SMTP server", async () => {
  const sink = smtpSink();
  const mailer = productionMailer({
    smtpUrl: `smtp://127.0.0.1:${sink.port}`,
    from: "MyHibachi <bookings@myhibachi.example>",
  });
  assert.ok(mailer instanceof SmtpMailer);
  await mailer.send({
    to: "chef1@myhibachi.example",
    subject: "Your Magic Link",
    text: "Follow this link: https://myhibachi.example/x",
    html: '<a href="https://myhibachi.example/x">Sign in</a>',
  });
  mailer.close();
  const { rcpt, data } = await sink.received;
  assert.ok(rcpt.some((line) => line.includes("<chef1@myhibachi.example>")));
  assert.match(data, /^Subject: Your Magic Link$/m);
  assert.match(data, /^From: MyHibachi <bookings@myhibachi.example>$/m);
  assert.ok(data.includes("https://myhibachi.example/x"));
});
