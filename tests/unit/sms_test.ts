/**
 * SMS units (ADR 0036): the webhook signature against the examples in
 * Twilio's documentation, STOP / START keywords, E.164 numbers.
 */
import assert from "node:assert/strict";
import {
  smsKeyword,
  toE164,
  twilioSignature,
  verifyTwilioSignature,
} from "../../lib/sms/mod.ts";

Deno.test("twilio signature: Twilio's documented examples", async () => {
  const url = "https://mycompany.com/myapp.php?foo=1&bar=2";
  const params = (n: string) =>
    Object.entries({
      CallSid: "CA1234567890ABCDE",
      Caller: n,
      Digits: "1234",
      From: n,
      To: "+18005551212",
    });
  assert.equal(
    await twilioSignature("12345", url, params("+14158675310")),
    "GvWf1cFY/Q7PnoempGyD5oXAezc=",
  );
  assert.equal(
    await twilioSignature("12345", url, params("+14158675309")),
    "RSOYDt4T1cUTdK1PDd93/VVr8B8=",
  );
  // Order of the posted fields does not matter; any change of value does.
  assert.ok(
    await verifyTwilioSignature(
      "12345",
      url,
      params("+14158675310").reverse(),
      "GvWf1cFY/Q7PnoempGyD5oXAezc=",
    ),
  );
  assert.equal(
    await verifyTwilioSignature(
      "12345",
      url,
      params("+14158675311"),
      "GvWf1cFY/Q7PnoempGyD5oXAezc=",
    ),
    false,
  );
  assert.equal(
    await verifyTwilioSignature("12345", url, params("+14158675310"), null),
    false,
  );
});

Deno.test("sms keywords: STOP and friends opt out, START opts in", () => {
  for (const w of ["STOP", "stop", " Stop. ", "unsubscribe", "QUIT", "end"]) {
    assert.equal(smsKeyword(w), "opt_out", w);
  }
  for (const w of ["START", "unstop", "Yes"]) {
    assert.equal(smsKeyword(w), "opt_in", w);
  }
  for (const w of ["stop please", "Thanks!", ""]) {
    assert.equal(smsKeyword(w), null, w);
  }
});

Deno.test("E.164: US numbers as typed, international with +", () => {
  assert.equal(toE164("(510) 555-0101"), "+15105550101");
  assert.equal(toE164("1 510 555 0101"), "+15105550101");
  assert.equal(toE164("+1 510 555 0101"), "+15105550101");
  assert.equal(toE164("+44 20 7946 0958"), "+442079460958");
  assert.equal(toE164("555-0101"), null);
  assert.equal(toE164("0044 20 7946"), null);
  assert.equal(toE164("+0 123 4567"), null);
});
