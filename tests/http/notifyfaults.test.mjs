// notifyfaults.test.mjs — webhook delivery through the stack's parts
// failing, on real parts: shop endpoints added on the manager's form
// (/staff/admin/webhooks), events made by staff approving real cases, a
// real HTTP receiver started here, every delivery verified with the npm
// package standardwebhooks. (a) The receiver down for a while, then up:
// attempts recorded with their error, then every message delivered, each
// webhook-id once. (b) MariaDB restarted while deliveries are in flight
// (the worker paused with SIGSTOP while the events are made, so that one
// round claims them all; the receiver holds them and answers while the
// database is down, so the worker cannot record the outcome): the worker reconnects, and once its claims run out
// every message is delivered, nothing lost; the messages sent again under
// the same webhook-id (at least once) are counted. Due times and claims
// are moved in the database, never waited for; nothing asserts on time.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  VAR, addEndpoint, answer, assertLedger, attempted, caseNoOf, disableEndpoints, dueNow, endpointRows,
  endpointSettled, freePort, freshCustomer, giveRiskHistory, lastEventId, q, sql, stack, staffStep, startReceiver,
  submitRequest, untilHealthy, waitFor, webhookLedger, withWorkerPaused,
} from './lib.mjs';

const endpoints = [];
const receivers = [];
after(async () => {
  disableEndpoints(endpoints);
  for (const rx of receivers) await rx.close();
});

/** A customer (medium risk: an approval waits for finance) with n
 * submitted refund-only cases; returns their numbers. */
async function submittedCases(tag, n) {
  const cust = await freshCustomer(tag, [{ sku: `${tag}-1`, name: '台灯', category: 'appliance', qty: n, unit_price_fen: 9900 }]);
  giveRiskHistory(cust.phone, 'medium');
  const cases = [];
  for (let i = 0; i < n; i++) {
    const { res } = await submitRequest(cust.client, cust.orderNo, {
      type: 'refund_only', reason: 'other', qty: { [cust.order.items[0].id]: 1 }, amount: '10.00',
    });
    cases.push(caseNoOf(res));
  }
  return cases;
}

/** An endpoint for every event ('*') at url, added on the manager's form. */
async function endpointAt(url) {
  const ep = await addEndpoint(url, '*');
  endpoints.push(ep.id);
  return ep;
}

test('the receiver down for a while, then up: attempts recorded with their error, then each message delivered once', async () => {
  const cases = await submittedCases('NFD', 3);
  const port = await freePort();
  const ep = await endpointAt(`http://127.0.0.1:${port}/late`);
  const from = lastEventId();
  for (const caseNo of cases) await staffStep('agent', caseNo, 'approve');
  const keys = endpointRows(ep.id).map((r) => r.key);
  assert.equal(keys.length, cases.length, 'one webhook per approval');
  for (const key of keys) {
    const r = await attempted(key, 1);
    assert.equal(r.status, 'queued', `${key}: retried later`);
    assert.ok(r.error, `${key}: the attempt's error is recorded`);
  }
  console.log(`# notifyfaults: receiver down: ${keys.length} messages, error "${sql(`SELECT last_error FROM outbox WHERE msg_key = ${q(keys[0])}`)[0][0]}"`);

  const rx = await startReceiver(port);
  receivers.push(rx);
  dueNow(keys);
  await endpointSettled(ep.id);
  const l = webhookLedger(ep, from, rx.at('/late'));
  assertLedger(l, 'after the receiver came up');
  assert.equal(l.duplicates, 0, 'each webhook-id exactly once');
  assert.equal(rx.got.length, keys.length, 'nothing else arrived');
});

test('MariaDB restarted mid-delivery: the worker reconnects, every message delivered, nothing lost', async () => {
  const cases = await submittedCases('NFM', 4);
  const rx = await startReceiver();
  receivers.push(rx);
  let hold = true;
  const held = [];
  rx.on('/mid', (rec, res) => (hold ? held.push({ rec, res }) : answer(res, rec, 200)));
  const ep = await endpointAt(rx.url('/mid'));
  const from = lastEventId();
  // the worker paused while the approvals are made, so that one round
  // claims them all (a round waits for its slowest transfer)
  await withWorkerPaused(async () => {
    for (const caseNo of cases) await staffStep('agent', caseNo, 'approve');
  });
  const keys = endpointRows(ep.id).map((r) => r.key);
  assert.equal(keys.length, cases.length, 'one webhook per approval');
  // all on their way: the receiver holds them unanswered (the worker's
  // transfer limit is 10 s, far more than a shutdown of MariaDB takes)
  await waitFor(() => held.length === keys.length, 'every message in flight');
  const log = join(VAR, 'aftercare-notify.log');
  const logStart = readFileSync(log, 'utf8').length;
  const caseIds = `(SELECT id FROM cases WHERE case_no IN (${cases.map(q).join(', ')}))`;
  stack('db-down');
  try {
    // the receiver answers while the database is away: the worker cannot
    // record it, the rows stay claimed
    hold = false;
    for (const { rec, res } of held.splice(0)) answer(res, rec, 200);
    await waitFor(() => {
      const text = readFileSync(log, 'utf8').slice(logStart);
      return keys.every((k) => text.includes(`notify: ${k}: the outcome was not recorded`));
    }, 'the worker failing to record the outcomes');
  } finally {
    stack('db-up');
  }
  await untilHealthy(30);
  // the worker's claims would run out after their lease: move them
  sql(`UPDATE outbox SET claimed_until = UTC_TIMESTAMP() - INTERVAL 1 SECOND
       WHERE status = 'queued' AND (endpoint_id = ${ep.id} OR case_id IN ${caseIds})`);
  await endpointSettled(ep.id);
  const l = webhookLedger(ep, from, rx.at('/mid'));
  console.log(`# notifyfaults: MariaDB restarted mid-delivery: ${l.rows} messages, ${l.received} received, ` +
    `${l.distinct} distinct, ${l.duplicates} sent again (answered while the database was down)`);
  assertLedger(l, 'after the restart');
  assert.match(readFileSync(log, 'utf8').slice(logStart), /the database is back/, 'the worker said it reconnected');
  // and it goes on: one more event after the restart, delivered once
  const next = await submittedCases('NFN', 1);
  await staffStep('agent', next[0], 'approve');
  await endpointSettled(ep.id);
  const after2 = webhookLedger(ep, from, rx.at('/mid'));
  assertLedger(after2, 'after one more event');
  assert.equal(after2.duplicates, l.duplicates, 'the new events arrive once');
});
