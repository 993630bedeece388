// load.test.mjs — many customers submitting and many staff processing at
// once for a fixed time (LOAD_SECONDS, 15 in `make test`, longer with
// `make load`), then an invariant check over the whole database: every
// case's state is its last event's, no item refunded past its price (by
// live refunds: a failed one paid nothing), no two live refunds per case,
// no refund split wrongly, no orphan rows, and every request the server
// accepted (a 303) is in the database. Meanwhile a shop endpoint
// ('*', added on the manager's form) receives the webhooks on a real
// receiver started here (on a thread of its own, so that the loops'
// synchronous sql() never holds its answers up); once the outbox has
// settled, every event written during the run has exactly one message
// for it, each received (distinct webhook-id values, verified by
// standardwebhooks) and nothing else; duplicates (at least once) are
// counted, and the commit-to-arrival latency (p50, p99) is printed, never
// asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  addEndpoint, assertLedger, disableEndpoints, endpointRows, endpointSettled, freshCustomer, giveRiskHistory,
  lastEventId, percentile, q, sql, staffAs, startThreadReceiver, submitRequest, webhookLedger,
} from './lib.mjs';

const SECONDS = Number(process.env.LOAD_SECONDS || 15);
const CUSTOMERS = 8;
const STAFF_LOOPS = 6;

test(`${SECONDS} s of customers and staff at once, then the invariants`, { timeout: (SECONDS + 240) * 1000 }, async () => {
  const customers = [];
  for (let i = 0; i < CUSTOMERS; i++) {
    const c = await freshCustomer(`LD${i}`, [
      { sku: 'LD-A', name: '耳机', category: 'electronics', qty: 30, unit_price_fen: 19900 },
      { sku: 'LD-B', name: '衬衫', category: 'clothing', qty: 30, unit_price_fen: 9900 },
    ]);
    if (i % 2) giveRiskHistory(c.phone, 'medium'); // half get fast refunds
    customers.push(c);
  }
  // the shop's endpoint, before the first event of the run
  const rx = await startThreadReceiver(); // its own thread: the loops' sql() blocks this one
  const ep = await addEndpoint(rx.url('/load'), '*');
  const firstEvent = lastEventId();
  try {
    await loadRun(customers);
    await endpointSettled(ep.id, 60000);
    await rx.drain();
    const l = webhookLedger(ep, firstEvent, rx.at('/load'));
    console.log(`# load: webhooks: ${l.events} events, ${l.rows} messages, ${l.received} received, ` +
      `${l.distinct} distinct webhook-id, ${l.duplicates} duplicates, ${l.missing.length} missing, ` +
      `${l.unknown.length} unknown, ${l.unverified.length} failed standardwebhooks`);
    // arrival at the receiver minus the outbox row's created_at (the
    // commit's second: whole seconds, so up to 1 s more than the truth)
    const first = new Map();
    for (const rec of rx.at('/load')) if (!first.has(rec.headers['webhook-id'])) first.set(rec.headers['webhook-id'], rec.at);
    const lat = endpointRows(ep.id).filter((r) => first.has(r.key)).map((r) => first.get(r.key) - r.created);
    console.log(`# load: commit-to-arrival latency (created_at in whole seconds) p50 ${percentile(lat, 50)} ms, ` +
      `p99 ${percentile(lat, 99)} ms, max ${Math.max(...lat)} ms over ${lat.length} webhooks`);
    assert.ok(l.events > 0, 'the run wrote events');
    assertLedger(l, 'the load endpoint');
  } finally {
    disableEndpoints([ep.id]);
    await rx.close();
  }
});

/** The run itself, then its invariants over the whole database. */
async function loadRun(customers) {
  const accepted = { cases: new Set(), steps: [] };
  const counts = { requests: 0, created: 0, steps: 0, refused: 0, errors: 0 };
  const deadline = Date.now() + SECONDS * 1000;

  const customerLoop = async (c) => {
    while (Date.now() < deadline) {
      const item = c.order.items[Math.floor(Math.random() * c.order.items.length)].id;
      const type = Math.random() < 0.5 ? 'refund_only' : 'return_refund';
      try {
        const { res } = await submitRequest(c.client, c.orderNo, {
          type, reason: 'quality_defect', qty: { [item]: 1 }, amount: type === 'refund_only' ? '50.00' : undefined,
        });
        counts.requests += 2;
        if (res.status === 303) {
          accepted.cases.add(res.headers.get('location').split('/').pop());
          counts.created++;
        } else counts.refused++;
      } catch {
        counts.errors++;
      }
    }
  };

  const staffLoop = async (k) => {
    const roles = { submitted: 'agent', refund_pending: 'finance', refunded: 'finance', awaiting_return: 'warehouse', received: 'warehouse' };
    while (Date.now() < deadline) {
      const open = sql(`SELECT case_no, state, version FROM cases WHERE case_no LIKE 'AS%' AND state IN
                        ('submitted', 'refund_pending', 'refunded', 'awaiting_return', 'received')
                        ORDER BY RAND() LIMIT 1`);
      if (!open.length) { await new Promise((r) => setTimeout(r, 50)); continue; }
      const [caseNo, state, version] = open[0];
      const role = roles[state];
      const c = await staffAs(role);
      const [action, fields] = {
        submitted: ['approve', {}],
        refund_pending: ['refund', { amount: '30.00', reference: `LD-${k}` }],
        refunded: ['complete', {}],
        awaiting_return: ['receive', {}],
        received: ['inspect', { result: 'pass' }],
      }[state];
      try {
        const res = await c.postForm(`/staff/cases/${caseNo}/${action}`, { csrf: c.csrf, version, ...fields });
        counts.requests++;
        if (res.status === 303) {
          accepted.steps.push({ caseNo, action: action === 'inspect' ? 'inspect_pass' : action, version: Number(version) });
          counts.steps++;
        } else if ([400, 409].includes(res.status)) counts.refused++; // lost a race, or over the cap
        else counts.errors++;
      } catch {
        counts.errors++;
      }
    }
  };
  for (const role of ['agent', 'finance', 'warehouse']) await staffAs(role);
  await Promise.all([...customers.map(customerLoop), ...Array.from({ length: STAFF_LOOPS }, (_, k) => staffLoop(k))]);
  console.log(`# load: ${SECONDS} s, ${counts.requests} requests, ${counts.created} cases, ${counts.steps} staff steps, ` +
    `${counts.refused} refused (races, rules), ${counts.errors} errors`);

  // ---- the invariants: over the whole database, and (for what other
  // suites' hand-made rows may not have) over the cases made here ----
  const mine = `(SELECT id FROM cases WHERE case_no IN (${[...accepted.cases].map(q).join(',') || "''"}))`;
  const violations = {
    stateNotLastEvent: sql(`SELECT c.case_no FROM cases c JOIN case_events e
                            ON e.id = (SELECT MAX(id) FROM case_events WHERE case_id = c.id)
                            WHERE e.to_state <> c.state`).length,
    // a refund the payment system could not pay (failed_at) is no money
    // paid: only live refunds count, and a case has at most one of them
    itemOverRefunded: sql(`SELECT i.id FROM order_items i JOIN refund_items ri ON ri.order_item_id = i.id
                           JOIN refunds r ON r.id = ri.refund_id AND r.failed_at IS NULL
                           GROUP BY i.id, i.paid_fen HAVING SUM(ri.amount_fen) > i.paid_fen`).length,
    twoLiveRefunds: sql(`SELECT case_id FROM refunds WHERE failed_at IS NULL GROUP BY case_id HAVING COUNT(*) > 1`).length,
    refundSplitWrong: sql(`SELECT r.id FROM refunds r LEFT JOIN refund_items ri ON ri.refund_id = r.id
                           WHERE r.case_id IN ${mine}
                           GROUP BY r.id, r.amount_fen HAVING COALESCE(SUM(ri.amount_fen), 0) <> r.amount_fen`).length,
    refundedWithoutRefund: sql(`SELECT c.id FROM cases c LEFT JOIN refunds r ON r.case_id = c.id AND r.failed_at IS NULL
                                WHERE c.state = 'refunded' AND r.id IS NULL`).length,
    orphanEvents: sql(`SELECT e.id FROM case_events e LEFT JOIN cases c ON c.id = e.case_id WHERE c.id IS NULL`).length,
    orphanItems: sql(`SELECT ci.case_id FROM case_items ci LEFT JOIN cases c ON c.id = ci.case_id WHERE c.id IS NULL`).length,
    orphanTimers: sql(`SELECT t.case_id FROM case_timers t LEFT JOIN cases c ON c.id = t.case_id WHERE c.id IS NULL`).length,
    orphanRefundItems: sql(`SELECT ri.refund_id FROM refund_items ri LEFT JOIN refunds r ON r.id = ri.refund_id WHERE r.id IS NULL`).length,
    casesWithoutItems: sql(`SELECT c.id FROM cases c LEFT JOIN case_items ci ON ci.case_id = c.id
                            WHERE ci.case_id IS NULL AND c.id IN ${mine}`).length,
    acceptedCaseMissing: [...accepted.cases].filter((no) => sql(`SELECT COUNT(*) FROM cases WHERE case_no = ${q(no)}`)[0][0] !== '1').length,
    acceptedStepMissing: accepted.steps.filter((s) => sql(`SELECT COUNT(*) FROM case_events e JOIN cases c ON c.id = e.case_id
        WHERE c.case_no = ${q(s.caseNo)} AND e.action = ${q(s.action)}`)[0][0] === '0').length,
    stepVersionReused: (() => {
      const seen = new Set();
      let dup = 0;
      for (const s of accepted.steps) {
        const key = `${s.caseNo}@${s.version}`;
        if (seen.has(key)) dup++;
        seen.add(key);
      }
      return dup;
    })(),
  };
  console.log(`# load: invariant violations ${JSON.stringify(violations)}`);
  assert.ok(counts.created > 0 && counts.steps > 0, 'the load did something');
  assert.equal(counts.errors, 0, 'no request failed');
  for (const [name, n] of Object.entries(violations)) assert.equal(n, 0, name);
}
