// refundfailed.test.mjs — the payment system could not pay a refund
// (POST /api/v1/cases/{no}/refunds/{id}/failed, 002 §5.2.3), over real
// HTTP against the real stack; SQL only reads. The refund stays on record
// but counts as paid nowhere (the cap, one live refund per case, the
// dashboard); the case goes back to finance (refund_pending, the payout
// limit running again); the timeline, the shop's refund.failed and the
// customer's e-mail tell it; finance pays again; only while the money is
// out and nothing else moved (409 otherwise); the same word twice: 200,
// written once.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  API_KEY, apiGet, apiPost, caseNoOf, caseRow, Client, completedCase, freshCustomer, giveRiskHistory,
  langStrings, mailOf, q, shanghaiDay, sql, staffAs, staffStep, stripTags, submitRequest, unescapeHtml, waitFor,
} from './lib.mjs';

const REASON = '收款账户已注销 (account closed)';

function lastEventId() {
  return Number(sql('SELECT COALESCE(MAX(id), 0) FROM events')[0][0]);
}

async function eventsOf(caseNo, after) {
  const res = await apiGet(`/api/v1/events?after=${after}`);
  assert.equal(res.status, 200, res.text);
  return JSON.parse(res.text).events.filter((e) => e.case_no === caseNo);
}

function refundsOf(caseNo) {
  return sql(`SELECT r.id, r.amount_fen, r.failed_at IS NOT NULL, COALESCE(r.fail_reason, ''), r.credited_at IS NOT NULL
    FROM refunds r JOIN cases c ON c.id = r.case_id WHERE c.case_no = ${q(caseNo)} ORDER BY r.id`)
    .map(([id, amount, failed, reason, credited]) => ({ id, amount: Number(amount), failed: failed === '1', reason, credited: credited === '1' }));
}

function failed(caseNo, id, doc, key) {
  return apiPost(`/api/v1/cases/${caseNo}/refunds/${id}/failed`, doc, key);
}

/** Today's refund figures on the manager's dashboard (Shanghai day). */
async function refundFigures() {
  const m = await staffAs('manager');
  const day = shanghaiDay(Date.now(), '-');
  const html = (await m.get(`/staff/dashboard?from=${day}&to=${day}`)).text;
  const out = {};
  for (const x of html.matchAll(/id="f-([^"]+)" data-value="([^"]*)"/g)) out[x[1]] = x[2];
  return { n: Number(out.refund_n || 0), total: Number(out.refund_total || 0) };
}

/** A medium-risk customer with an e-mail and a refund-only case of 30
 * yuan on a 399-yuan keyboard, approved and refunded by finance. */
async function refundedCase(tag) {
  const email = `${tag.toLowerCase()}${Date.now()}@example.com`;
  const cust = await freshCustomer(tag, [{ sku: 'KB-01', name: '键盘', category: 'electronics', qty: 1, unit_price_fen: 39900 }], { email });
  giveRiskHistory(cust.phone, 'medium');
  const { res } = await submitRequest(cust.client, cust.orderNo, {
    type: 'refund_only', reason: 'missing_parts', qty: { [cust.order.items[0].id]: 1 }, amount: '30.00',
  });
  const caseNo = caseNoOf(res);
  await staffStep('agent', caseNo, 'approve');
  await staffStep('finance', caseNo, 'refund', { amount: '30.00', reference: `PAY-${tag}` });
  assert.equal(caseRow(caseNo).state, 'refunded');
  return { ...cust, caseNo, email };
}

async function financeRefund(caseNo, amount) {
  const c = await staffAs('finance');
  await c.get(`/staff/cases/${caseNo}`);
  return c.postForm(`/staff/cases/${caseNo}/refund`, { csrf: c.csrf, version: caseRow(caseNo).version, amount, reference: 'PAY-AGAIN' });
}

test('a refund the payment system could not pay goes back to finance, told to all, and is paid again once', async () => {
  const cust = await refundedCase('RFL');
  const { caseNo } = cust;
  const [first] = refundsOf(caseNo);
  const path = `/api/v1/cases/${caseNo}/refunds/${first.id}/failed`;
  const figuresBefore = await refundFigures();
  const from = lastEventId();

  // refusals first: nothing changes
  assert.equal((await failed(caseNo, first.id, { reason: REASON }, null)).status, 401, 'no key');
  assert.equal((await failed(caseNo, first.id, { reason: REASON }, 'wrong-key')).status, 401, 'a wrong key');
  for (const bad of [{}, { reason: '' }, { reason: '   ' }, { reason: 'x'.repeat(301) }, { reason: 'a\nb' }, { reason: 42 }]) {
    const res = await failed(caseNo, first.id, bad);
    assert.equal(res.status, 400, `reason ${JSON.stringify(bad)}: ${res.text}`);
    assert.match(res.headers.get('content-type'), /^application\/json/);
    assert.ok(JSON.parse(res.text).error);
  }
  assert.equal((await apiPost(path, '{"reason": ')).status, 400, 'broken JSON');
  assert.equal((await failed(caseNo, Number(first.id) + 100000, { reason: REASON })).status, 404, 'another refund');
  assert.equal((await failed('AS199901010001', first.id, { reason: REASON })).status, 404, 'another case');
  assert.equal((await failed(caseNo, 'abc', { reason: REASON })).status, 404, 'not a refund id');
  const finance = await staffAs('finance');
  await finance.get(`/staff/cases/${caseNo}`);
  const byStaff = await finance.postForm(`/staff/cases/${caseNo}/refund_failed`, { csrf: finance.csrf, version: caseRow(caseNo).version, note: REASON });
  assert.equal(byStaff.status, 403, 'no staff member takes the payment system\'s step');
  const manager = await staffAs('manager');
  await manager.get(`/staff/cases/${caseNo}`);
  assert.equal((await manager.postForm(`/staff/cases/${caseNo}/refund_failed`, { csrf: manager.csrf, version: caseRow(caseNo).version })).status, 403, 'a manager neither');
  assert.equal(caseRow(caseNo).state, 'refunded', 'refusals changed nothing');
  assert.deepEqual(refundsOf(caseNo).map((r) => r.failed), [false]);

  // the failure
  const ok = await failed(caseNo, first.id, { reason: REASON });
  assert.equal(ok.status, 200, ok.text);
  assert.deepEqual(JSON.parse(ok.text), { refund: Number(first.id), reason: REASON });
  assert.equal(caseRow(caseNo).state, 'refund_pending', 'back in finance\'s queue');
  assert.deepEqual(refundsOf(caseNo), [{ ...first, failed: true, reason: REASON }]);
  const [[payoutRuns]] = sql(`SELECT t.stopped_at IS NULL AND t.due_at > UTC_TIMESTAMP() FROM case_timers t JOIN cases c ON c.id = t.case_id
    WHERE c.case_no = ${q(caseNo)} AND t.timer = 'payout'`);
  assert.equal(payoutRuns, '1', 'the payout limit runs again');

  // the timeline, for staff and the customer
  const lang = sql(`SELECT lang FROM customers WHERE phone = ${q(cust.phone)}`)[0][0];
  const L = langStrings(lang);
  const staffPage = unescapeHtml(stripTags((await finance.get(`/staff/cases/${caseNo}`)).text));
  assert.ok(staffPage.includes(langStrings('en').tl_refund_failed) || staffPage.includes(langStrings('zh-CN').tl_refund_failed),
    'the staff timeline names the step');
  assert.ok(staffPage.includes(REASON), 'with the reason');
  const mine = unescapeHtml(stripTags((await cust.client.get(`/my/requests/${caseNo}`)).text));
  assert.ok(mine.includes(REASON), 'the customer sees the reason on the timeline');
  const [[action, fromState, toState, actor, note]] = sql(`SELECT e.action, e.from_state, e.to_state, e.actor_kind, e.note
    FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.case_no = ${q(caseNo)} ORDER BY e.id DESC LIMIT 1`);
  assert.deepEqual([action, fromState, toState, actor, note], ['refund_failed', 'refunded', 'refund_pending', 'x', REASON]);

  // the shop's events
  const feed = await eventsOf(caseNo, from);
  assert.deepEqual(feed.map((e) => e.type), ['case.updated', 'refund.failed']);
  assert.deepEqual(feed[1].data, {
    case_no: caseNo, action: 'refund_failed', from: 'refunded', to: 'refund_pending', amount_fen: 3000, reference: 'PAY-RFL', reason: REASON,
  });

  // the customer's e-mail
  const [key] = await waitFor(() => sql(`SELECT o.msg_key FROM outbox o JOIN customers c ON c.id = o.customer_id
    WHERE c.phone = ${q(cust.phone)} AND o.template = 'case_updated' AND o.channel = 'email'
      AND o.data LIKE '%refund\\\\_failed%' ORDER BY o.id DESC LIMIT 1`)[0], 'the refund_failed e-mail row');
  const mail = await mailOf(key);
  assert.equal(mail.to.value[0].address, cust.email);
  assert.equal(mail.subject, `${L.mail_subject_refund_failed} ${caseNo}`);
  assert.ok(mail.text.includes('30.00') && mail.text.includes(REASON) && mail.text.includes(L.mail_refund_failed_next), mail.text);

  // the dashboard no longer counts it
  const figuresFailed = await refundFigures();
  assert.equal(figuresFailed.n, figuresBefore.n - 1, 'one refund fewer today');
  assert.ok(Math.abs(figuresFailed.total - (figuresBefore.total - 30)) < 1e-6, `30 yuan fewer: ${JSON.stringify([figuresBefore, figuresFailed])}`);

  // the same word again: fine, nothing written; another word: a conflict
  const eventsBefore = sql('SELECT COUNT(*) FROM events')[0][0];
  assert.equal((await failed(caseNo, first.id, { reason: REASON })).status, 200, 'the same failure again');
  const form = await new Client().request('POST', path, {
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: `reason=${encodeURIComponent(REASON)}`, origin: false,
  });
  assert.equal(form.status, 200, `as a form field too: ${form.text}`);
  assert.equal(sql('SELECT COUNT(*) FROM events')[0][0], eventsBefore, 'no event written twice');
  assert.equal((await failed(caseNo, first.id, { reason: 'another reason' })).status, 409, 'another reason: a conflict');
  assert.equal(sql(`SELECT COUNT(*) FROM case_events e JOIN cases c ON c.id = e.case_id
    WHERE c.case_no = ${q(caseNo)} AND e.action = 'refund_failed'`)[0][0], '1', 'one step on the timeline');
  assert.equal(sql(`SELECT COUNT(*) FROM events WHERE type = 'refund.failed' AND case_no = ${q(caseNo)}`)[0][0], '1', 'one event');
  assert.equal((await apiPost(`/api/v1/cases/${caseNo}/refunds/${first.id}/credited`, { credited_at: new Date().toISOString().replace(/\.\d+Z$/, 'Z') })).status,
    409, 'a failed refund is never credited');

  // finance pays again: never more than may still be refunded
  const over = await financeRefund(caseNo, '30.01');
  assert.equal(over.status, 400, 'over the cap: refused');
  assert.equal(refundsOf(caseNo).length, 1, 'nothing written');
  await staffStep('finance', caseNo, 'refund', { amount: '30.00', reference: 'PAY-AGAIN' });
  assert.equal(caseRow(caseNo).state, 'refunded');
  const [, second] = refundsOf(caseNo);
  assert.deepEqual(refundsOf(caseNo).map((r) => [r.amount, r.failed]), [[3000, true], [3000, false]], 'a second row, live');
  const [[live, livePaid, paid]] = sql(`SELECT COUNT(*), SUM(r.amount_fen), (SELECT SUM(i.paid_fen) FROM case_items ci
      JOIN order_items i ON i.id = ci.order_item_id WHERE ci.case_id = c.id)
    FROM refunds r JOIN cases c ON c.id = r.case_id WHERE c.case_no = ${q(caseNo)} AND r.failed_at IS NULL`);
  assert.equal(live, '1', 'one live refund');
  assert.ok(Number(livePaid) <= Number(paid), 'the live refunds never exceed what was paid');
  const [[counted]] = sql(`SELECT f.refunded_fen FROM item_counts f JOIN case_items ci ON ci.order_item_id = f.order_item_id
    JOIN cases c ON c.id = ci.case_id WHERE c.case_no = ${q(caseNo)}`);
  assert.equal(counted, '3000', 'the item counts the live refund alone');
  const figuresAgain = await refundFigures();
  assert.equal(figuresAgain.n, figuresFailed.n + 1, 'the new refund counts');
  assert.ok(Math.abs(figuresAgain.total - (figuresFailed.total + 30)) < 1e-6);
  assert.equal((await financeRefund(caseNo, '0.01')).status, 409, 'a refunded case is not refunded again');

  // the exports: money that left, the failed refund in neither
  const day = shanghaiDay(Date.now(), '-');
  const lines = async (name) => (await manager.get(`/staff/export/${name}.csv?from=${day}&to=${day}`)).text
    .split(/\r?\n/).filter((l) => l.includes(caseNo));
  const exported = await lines('refunds');
  assert.equal(exported.length, 1, `one refund exported: ${exported.join(' | ')}`);
  assert.ok(exported[0].includes('PAY-AGAIN') && exported[0].includes('30.00') && !exported[0].includes('PAY-RFL'), exported[0]);
  const [caseLine] = await lines('cases');
  assert.ok(caseLine.includes('30.00') && !caseLine.includes('60.00'), `cases.csv: 30.00 refunded, not 60.00: ${caseLine}`);

  // the second one reaches the customer: no failure afterwards
  const at = new Date(Date.now() + 2000).toISOString().replace(/\.\d+Z$/, 'Z');
  assert.equal((await apiPost(`/api/v1/cases/${caseNo}/refunds/${second.id}/credited`, { credited_at: at })).status, 200);
  const late = await failed(caseNo, second.id, { reason: REASON });
  assert.equal(late.status, 409, 'credited: finance by hand');
  assert.ok(JSON.parse(late.text).error);
  assert.equal(caseRow(caseNo).state, 'refunded');
  assert.deepEqual(refundsOf(caseNo).map((r) => r.failed), [true, false]);
});

test('a completed case, and a fast refund whose case went on with the goods: 409, nothing changes', async () => {
  const done = await completedCase('RFC');
  const [[doneId]] = sql(`SELECT r.id FROM refunds r JOIN cases c ON c.id = r.case_id WHERE c.case_no = ${q(done.caseNo)}`);
  const res = await failed(done.caseNo, doneId, { reason: REASON });
  assert.equal(res.status, 409, res.text);
  assert.equal(caseRow(done.caseNo).state, 'completed');
  assert.deepEqual(refundsOf(done.caseNo).map((r) => r.failed), [false]);

  const fast = await freshCustomer('RFF', [{ sku: 'EAR-01', name: '蓝牙耳机', category: 'electronics', qty: 1, unit_price_fen: 19900 }]);
  const { res: sub } = await submitRequest(fast.client, fast.orderNo, {
    type: 'return_refund', reason: 'quality_defect', description: '左耳没声音', qty: { [fast.order.items[0].id]: 1 },
  });
  const caseNo = caseNoOf(sub);
  await staffStep('agent', caseNo, 'approve');
  assert.equal(caseRow(caseNo).state, 'refund_pending', 'a low-risk customer: a fast refund');
  await staffStep('finance', caseNo, 'refund', { amount: '199.00', reference: 'PAY-RFF' });
  assert.equal(caseRow(caseNo).state, 'awaiting_return');
  const [[fastId]] = sql(`SELECT r.id FROM refunds r JOIN cases c ON c.id = r.case_id WHERE c.case_no = ${q(caseNo)}`);
  const from = lastEventId();
  assert.equal((await failed(caseNo, fastId, { reason: REASON })).status, 409, 'the goods are on their way: finance by hand');
  assert.equal(caseRow(caseNo).state, 'awaiting_return');
  assert.deepEqual(refundsOf(caseNo).map((r) => r.failed), [false]);
  assert.deepEqual(await eventsOf(caseNo, from), [], 'no event');
});
