/**
 * The outbox worker: claims due rows of `public.notifications`, renders and
 * sends them, then records the outcome. Safe with any number of workers:
 * claiming is one `update … where id in (select … for update skip locked)`
 * that moves rows to `sending` with a lease, so a row is sent by exactly one
 * worker; a row whose worker died returns when its lease expires.
 *
 * Runs on the explicit privileged path (the outbox has no API policies).
 *
 * @module
 */
import { type Db, privileged } from "../db/mod.ts";
import type { Mailer } from "../mail/mod.ts";
import type { SmsReceipt, SmsSender } from "../sms/types.ts";
import { renderSms } from "../sms/templates.ts";
import { log } from "../observability/log.ts";
import { describeError } from "../observability/errors.ts";
import { inSpan } from "../observability/tracing.ts";
import type { OutboxRow } from "./payload.ts";
import { renderNotification, TemplateError } from "./templates.ts";

/** Sends after which a row is given up (`failed`). */
export const MAX_ATTEMPTS = 5;
/** First retry delay; doubles per attempt (30 s, 1 min, 2 min, 4 min). */
export const RETRY_BASE_MS = 30_000;
/** How long a claimed row stays reserved for its worker. */
export const CLAIM_LEASE_MS = 5 * 60_000;
/** A send that takes longer than this counts as failed. */
export const SEND_TIMEOUT_MS = 60_000;

/** Options of {@link processOutbox} and {@link drainOutbox}. */
export interface OutboxOptions {
  /** Transport. */
  mailer: Mailer;
  /** SMS transport (ADR 0036); null = SMS rows fail as not configured. */
  sms?: SmsSender | null;
  /** Clock seam; default `new Date()` (compared with `send_after`). */
  now?: () => Date;
  /** Rows claimed per batch (default 20). */
  batchSize?: number;
  maxAttempts?: number;
  retryBaseMs?: number;
  /** Public origin for staff links. */
  baseUrl: string;
}

/** What a run did. */
export interface OutboxResult {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
}

/** Delay before the next try after `attempts` failed sends (1-based). */
export function retryDelayMs(
  attempts: number,
  baseMs: number = RETRY_BASE_MS,
): number {
  return baseMs * 2 ** Math.max(0, attempts - 1);
}

/** Claims up to `limit` due rows (pending, or sending with an expired lease). */
export async function claimDue(
  db: Db,
  now: Date,
  limit: number,
): Promise<OutboxRow[]> {
  const lease = new Date(now.getTime() + CLAIM_LEASE_MS);
  return await privileged(db, async (tx) => {
    const rows = await tx<OutboxRow[]>`
      update public.notifications n
      set status = 'sending', attempts = n.attempts + 1, send_after = ${lease}
      where n.id in (
        select d.id from public.notifications d
        where d.status in ('pending', 'sending') and d.send_after <= ${now}
          -- In order per (booking, recipient): only the earliest unfinished
          -- row is claimable; the next waits until it is sent or given up.
          -- A row scheduled for later and never tried yet does not hold
          -- back what happens before its time.
          and not exists (
            select 1 from public.notifications e
            where d.booking_id is not null and e.booking_id = d.booking_id
              and e.recipient = d.recipient and e.seq < d.seq
              and e.status in ('pending', 'sending')
              and (e.status = 'sending' or e.attempts > 0 or e.send_after <= ${now}))
        order by d.send_after, d.seq
        limit ${limit}
        for update skip locked)
      returning n.id, n.kind, n.channel, n.recipient, n.booking_id, n.payload, n.attempts`;
    return [...rows];
  });
}

/** Claims and sends one batch. Never throws for a send failure. */
export async function processOutbox(
  db: Db,
  opts: OutboxOptions,
): Promise<OutboxResult> {
  const now = opts.now ?? (() => new Date());
  const result: OutboxResult = { claimed: 0, sent: 0, retried: 0, failed: 0 };
  const rows = await claimDue(db, now(), opts.batchSize ?? 20);
  result.claimed = rows.length;
  for (const row of rows) {
    const outcome = await deliver(db, row, now, opts);
    result[outcome]++;
  }
  return result;
}

/** Runs batches until none is due (at most `maxBatches`); sums the results. */
export async function drainOutbox(
  db: Db,
  opts: OutboxOptions & { maxBatches?: number },
): Promise<OutboxResult> {
  const total: OutboxResult = { claimed: 0, sent: 0, retried: 0, failed: 0 };
  for (let i = 0; i < (opts.maxBatches ?? 50); i++) {
    const r = await processOutbox(db, opts);
    total.claimed += r.claimed;
    total.sent += r.sent;
    total.retried += r.retried;
    total.failed += r.failed;
    if (r.claimed === 0) break;
  }
  return total;
}

async function deliver(
  db: Db,
  row: OutboxRow,
  now: () => Date,
  opts: OutboxOptions,
): Promise<"sent" | "retried" | "failed"> {
  const maxAttempts = opts.maxAttempts ?? MAX_ATTEMPTS;
  let error: string;
  let permanent = false;
  try {
    if (row.channel === "sms" && await optedOut(db, row.recipient)) {
      throw new TemplateError("recipient opted out (STOP)");
    }
    const send = row.channel === "sms"
      ? () => sendSms(row, opts)
      : async (): Promise<SmsReceipt | null> => {
        const mail = renderNotification(row.kind, row.payload, {
          baseUrl: opts.baseUrl,
        });
        await opts.mailer.send({ to: row.recipient, ...mail });
        return null;
      };
    const receipt = await inSpan(
      "outbox.send",
      {
        "notification.kind": row.kind,
        "notification.channel": row.channel,
        "notification.attempt": row.attempts,
      },
      () => withTimeout(send(), SEND_TIMEOUT_MS),
    );
    await markSent(db, row, now(), receipt);
    return "sent";
  } catch (err) {
    permanent = err instanceof TemplateError;
    error = describeError(err).message.slice(0, 1000);
  }
  const give_up = permanent || row.attempts >= maxAttempts;
  const next = new Date(
    now().getTime() + retryDelayMs(row.attempts, opts.retryBaseMs),
  );
  await privileged(db, (tx) =>
    tx`
    update public.notifications
    set status = ${give_up ? "failed" : "pending"},
        send_after = ${give_up ? now() : next},
        last_error = ${error}
    where id = ${row.id} and status = 'sending' and attempts = ${row.attempts}`);
  log(give_up ? "error" : "warn", {
    msg: give_up
      ? "notifications: giving up on a message"
      : "notifications: send failed, will retry",
    notification_id: row.id,
    kind: row.kind,
    attempts: row.attempts,
    error,
  });
  return give_up ? "failed" : "retried";
}

/**
 * Marks a delivered row `sent`. The manage and review links are the
 * customer's secrets: once delivered, the outbox no longer needs its copy
 * (ADR 0004, 0035). An SMS keeps its provider's SID and first status, which
 * its status callbacks name (ADR 0060); a receipt the row refuses (a SID of
 * another shape, one already stored) is logged and dropped, never a reason
 * to send the message again.
 */
async function markSent(
  db: Db,
  row: OutboxRow,
  at: Date,
  receipt: SmsReceipt | null,
): Promise<void> {
  const mark = (kept: SmsReceipt | null) =>
    privileged(db, (tx) =>
      tx`
      update public.notifications
      set status = 'sent', sent_at = ${at}, last_error = null,
          payload = payload - 'manage_url' - 'review_path',
          provider_sid = ${kept?.sid ?? null},
          delivery_status = ${kept?.sid ? kept.status : null},
          delivery_updated_at = ${kept?.sid ? at : null}
      where id = ${row.id} and status = 'sending' and attempts = ${row.attempts}`);
  if (!receipt?.sid) {
    await mark(null);
    return;
  }
  try {
    await mark(receipt);
  } catch (err) {
    log("error", {
      msg: "notifications: sent, but the provider's receipt was refused",
      notification_id: row.id,
      sid: receipt.sid,
      error: describeError(err).message.slice(0, 1000),
    });
    await mark(null);
  }
}

/** A number that said STOP gets nothing more, even if queued before. */
async function optedOut(db: Db, phone: string): Promise<boolean> {
  const rows = await privileged(
    db,
    (tx) => tx`select 1 from public.sms_opt_outs where phone = ${phone}`,
  );
  return rows.length > 0;
}

async function sendSms(
  row: OutboxRow,
  opts: OutboxOptions,
): Promise<SmsReceipt> {
  if (!opts.sms) throw new TemplateError("SMS is not configured");
  return await opts.sms.send({
    to: row.recipient,
    body: renderSms(row.kind, row.payload),
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`mail send timed out after ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
