// desk.test.mjs — the staff desk (issue 14): the role views of the queue
// with their counts, "waiting for our reply" with its reply limit, the
// search in one box (name prefix, last four digits, wildcards taken
// literally), the sort keys and the bulk assignment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';

import {
  Client, assertErrorPage, caseNoOf, caseRow, count, giveRiskHistory, importOrders, orderDoc, q, register,
  sql, staffAs, staffStep, submitRequest, uniqueOrderNo, uniquePhone, unescapeHtml,
} from './lib.mjs';

const ITEM = { sku: 'EAR-01', name: '蓝牙耳机', category: 'electronics', qty: 1, unit_price_fen: 19900 };

/** A fresh customer named `name` with one delivered order and a submitted
 * return of its item. */
async function newCase(name = '测试客户', items = [ITEM]) {
  const phone = uniquePhone();
  const orderNo = uniqueOrderNo('DESK');
  await importOrders([orderDoc({ orderNo, phone, name, items })]);
  const client = await register(orderNo, phone, 'pw-' + randomBytes(6).toString('hex'));
  const orders = await client.get('/my/orders');
  const id = new RegExp(`name="qty_(\\d+)"`).exec((await client.get(`/my/orders/${orderNo}/new`)).text)[1];
  assert.equal(orders.status, 200);
  const { res } = await submitRequest(client, orderNo, {
    type: 'return_refund', reason: 'quality_defect', description: '坏了', qty: { [id]: 1 },
  });
  return { client, phone, orderNo, caseNo: caseNoOf(res) };
}

const CAP = 100; // QUEUE_COUNT_CAP (cases.h)

/** The views of a queue page: key → { count, mine, current }. */
function views(html) {
  const out = {};
  for (const m of html.matchAll(/<a href="\/staff\/queue\?view=[^"]*" data-view="([^"]*)" data-count="(\d+)" class="view( mine)?"( aria-current="page")?>/g))
    out[m[1]] = { count: Number(m[2]), mine: !!m[3], current: !!m[4] };
  return out;
}

function rows(html) {
  return [...html.matchAll(/<li class="card case-row" data-case="([^"]*)"( data-waiting="1")?>/g)].map((m) => ({ caseNo: m[1], waiting: !!m[2] }));
}

/** Every case number of a view, page after page. */
async function allOf(c, query) {
  const out = [];
  for (let page = 1; page < 200; page++) {
    const res = await c.get(`/staff/queue?${query}&page=${page}`);
    assert.equal(res.status, 200, `${query} page ${page}`);
    out.push(...rows(res.text).map((r) => r.caseNo));
    if (!/rel="next"/.test(res.text)) return out;
  }
  assert.fail('too many pages');
}

const VIEW_SQL = {
  new: "c.state = 'submitted'",
  waiting: 'c.awaiting_reply = 1 AND c.queue_closed = 0',
  returning: "c.state IN ('awaiting_return', 'return_in_transit')",
  to_inspect: "c.state = 'received' AND c.type <> 'repair'",
  to_refund: "c.state = 'refund_pending'",
  approvals: "c.state = 'refund_approval'",
  compensations: 'c.id IN (SELECT k.case_id FROM compensations k WHERE k.paid_at IS NULL)',
  carrier_checks: "(c.state = 'carrier_check' OR (c.state = 'submitted' AND c.reason = 'not_received'))",
  all: 'c.queue_closed = 0',
};

test('each role lands on its own view; every view can be opened; counts follow the rows written', async () => {
  const landing = { agent: 'new', warehouse: 'returning', finance: 'to_refund', logistics: 'to_ship', tech: 'my_repairs', manager: 'all' };
  for (const [role, view] of Object.entries(landing)) {
    const c = await staffAs(role);
    const res = await c.get('/staff/queue');
    assert.equal(res.status, 200, role);
    assert.match(res.text, new RegExp(`<h2 id="view-title" data-view="${view}">`), `${role} lands on ${view}`);
    const v = views(res.text);
    assert.equal(Object.keys(v).length, 13, `${role} sees every view`);
    assert.ok(v[view].mine && v[view].current, `${role}: ${view} is marked as theirs and current`);
  }
  const agent = await staffAs('agent');
  const before = views((await agent.get('/staff/queue')).text);
  // a count stops at CAP (the page says "99+"): its cost stays flat at any volume
  const rows = (view) => count(`SELECT COUNT(*) FROM cases c WHERE ${VIEW_SQL[view]}`);
  for (const view of Object.keys(VIEW_SQL))
    assert.equal(before[view].count, Math.min(rows(view), CAP), `${view} count`);

  const a = await newCase();
  const b = await newCase();
  giveRiskHistory(b.phone, 'medium'); // no fast refund: the goods come back first
  await staffStep('agent', b.caseNo, 'approve');
  assert.equal(caseRow(b.caseNo).state, 'awaiting_return');
  const after = views((await agent.get('/staff/queue?view=returning')).text);
  assert.equal(after.new.count, Math.min(before.new.count + 1, CAP), 'one more new case (the other was approved)');
  assert.equal(after.returning.count, Math.min(before.returning.count + 1, CAP), 'one more on its way back');
  for (const view of Object.keys(VIEW_SQL))
    assert.equal(after[view].count, Math.min(rows(view), CAP), `${view} count after`);
  assert.ok(after.returning.current && !after.returning.mine, 'an agent opens the warehouse view');

  const newList = await allOf(agent, 'view=new');
  assert.ok(newList.includes(a.caseNo) && !newList.includes(b.caseNo), 'the new view lists the new case only');
  assert.equal(Math.min(newList.length, CAP), after.new.count, 'the new view lists as many as its count');
  const returning = await allOf(agent, 'view=returning');
  assert.ok(returning.includes(b.caseNo) && !returning.includes(a.caseNo), 'the returning view has the approved case');
  for (const no of returning)
    assert.ok(['awaiting_return', 'return_in_transit'].includes(sql(`SELECT state FROM cases WHERE case_no = ${q(no)}`)[0][0]),
      `${no} is awaiting its return or on its way back`); // other suites' cases share the view

  // the technician's own: a repair assigned to them
  const tech = await staffAs('tech');
  const techId = sql("SELECT id FROM staff WHERE email = 'tech@demo.local'")[0][0];
  const mine = views((await tech.get('/staff/queue')).text).my_repairs.count;
  assert.equal(mine, count(`SELECT COUNT(*) FROM cases WHERE assignee_id = ${techId} AND type = 'repair' AND queue_closed = 0`));

  assertErrorPage(await agent.get('/staff/queue?view=nope'), 400, 'a view not in the table');
  assertErrorPage(await agent.get(`/staff/queue?view=${encodeURIComponent("new' OR 1=1 -- ")}`), 400, 'SQL as a view');
  // an older filter link keeps its meaning: every open case
  const old = await agent.get('/staff/queue?type=return_refund');
  assert.match(old.text, /<h2 id="view-title" data-view="all">/);
});

/** A view's count on the page equals the rows its condition holds (at
 * most CAP), read with the database's clock on either side of the page
 * (retried when the two differ: a write or a second between them). */
async function countMatches(c, view, cond, what) {
  const rowsNow = () => Math.min(count(`SELECT COUNT(*) FROM cases c WHERE ${cond}`), CAP);
  for (let i = 0; i < 10; i++) {
    const before = rowsNow();
    const shown = views((await c.get('/staff/queue')).text)[view].count;
    if (rowsNow() === before) return assert.equal(shown, before, what);
  }
  assert.fail(`${what}: the rows kept changing`);
}

test('the counts each connection keeps follow every write (also one made in SQL) and the clock', async () => {
  const agent = await staffAs('agent');
  const NOW = 'UTC_TIMESTAMP()';
  const overdue = `c.queue_closed = 0 AND c.queue_due < ${NOW}`;
  const atRisk = `c.queue_closed = 0 AND c.queue_risk_at <= ${NOW} AND c.queue_due >= ${NOW}`;
  const { caseNo } = await newCase();
  // read enough pages that many connections keep their counts
  for (let i = 0; i < 12; i++) await countMatches(agent, 'waiting', VIEW_SQL.waiting, 'waiting, kept');

  // a write outside the daemon (a column a view reads) raises the
  // generation; one of a column no view reads leaves it (each seen inside
  // its own transaction: other suites write too)
  const genAround = (set) => sql(`START TRANSACTION; SELECT gen FROM data_versions WHERE name = 'queue'; UPDATE cases SET ${set} WHERE case_no = ${q(caseNo)}; SELECT gen FROM data_versions WHERE name = 'queue'; COMMIT`).map((r) => Number(r[0]));
  const [g0, g1] = genAround('awaiting_reply = 1');
  assert.ok(g1 > g0, 'the trigger raised the generation');
  for (let i = 0; i < 12; i++) await countMatches(agent, 'waiting', VIEW_SQL.waiting, 'waiting after the write');
  const [g2, g3] = genAround('value_fen = value_fen + 1, updated_at = updated_at');
  assert.equal(g3, g2, 'no change a view reads: the same generation');

  // the clock alone: the limit turns at risk (80 % used) 12 s from now,
  // and overdue 20 s from now; no write in between
  sql(`UPDATE cases SET next_due_start = ${NOW} - INTERVAL 20 SECOND, next_due = ${NOW} + INTERVAL 20 SECOND, awaiting_reply = 0 WHERE case_no = ${q(caseNo)}`);
  const at = (cond) => count(`SELECT COUNT(*) FROM cases c WHERE ${cond} AND c.case_no = ${q(caseNo)}`);
  const until = async (col) => {
    while (count(`SELECT ${col} > ${NOW} FROM cases WHERE case_no = ${q(caseNo)}`) === 1)
      await new Promise((res) => setTimeout(res, 200));
  };
  assert.equal(at(atRisk) + at(overdue), 0, 'neither at risk nor overdue yet');
  for (let i = 0; i < 6; i++) {
    await countMatches(agent, 'at_risk', atRisk, 'at risk, before');
    await countMatches(agent, 'overdue', overdue, 'overdue, before');
  }
  await until('queue_risk_at');
  assert.equal(at(atRisk), 1, 'at risk now');
  for (let i = 0; i < 6; i++) await countMatches(agent, 'at_risk', atRisk, 'at risk by the clock');
  await until('queue_due + INTERVAL 1 SECOND');
  assert.equal(at(overdue), 1, 'overdue now');
  for (let i = 0; i < 6; i++) {
    await countMatches(agent, 'overdue', overdue, 'overdue by the clock');
    await countMatches(agent, 'at_risk', atRisk, 'no longer at risk');
  }
});

test('a customer\'s message marks the case waiting for our reply with a 2-working-hour limit; the staff reply meets it', async () => {
  const cust = await newCase();
  const agent = await staffAs('agent');
  const countOf = async () => views((await agent.get('/staff/queue')).text).waiting.count;
  const waitingBefore = await countOf();
  await cust.client.get(`/my/requests/${cust.caseNo}`);
  const sent = await cust.client.postForm(`/my/requests/${cust.caseNo}/messages`, { csrf: cust.client.csrf, body: '请问什么时候处理？' });
  assert.equal(sent.status, 303);
  assert.equal(sql(`SELECT awaiting_reply FROM cases WHERE case_no = ${q(cust.caseNo)}`)[0][0], '1', 'the flag is set');
  const [start, due, stopped, secs] = sql(`SELECT t.started_at, t.due_at, IFNULL(t.stopped_at, ''), TIMESTAMPDIFF(SECOND, t.started_at, t.due_at) FROM case_timers t JOIN cases c ON c.id = t.case_id WHERE c.case_no = ${q(cust.caseNo)} AND t.timer = 'reply'`)[0];
  assert.ok(start && due && stopped === '', 'the reply limit runs');
  assert.ok(Number(secs) >= 7200, `due at least two hours later (${secs} s: working hours)`);
  assert.equal(await countOf(), waitingBefore + 1, 'the waiting view counts it');
  const waiting = await allOf(agent, 'view=waiting');
  assert.ok(waiting.includes(cust.caseNo), 'listed in the waiting view');
  const all = await agent.get(`/staff/queue?q=${cust.caseNo}`);
  assert.deepEqual(rows(all.text), [{ caseNo: cust.caseNo, waiting: true }], 'the row carries the flag');

  // no "replied" yet on the customer's list
  assert.doesNotMatch((await cust.client.get('/my/requests')).text, /data-replied="1"/);

  await agent.get(`/staff/cases/${cust.caseNo}`);
  const reply = await agent.postForm(`/staff/cases/${cust.caseNo}/message`, { csrf: agent.csrf, body: '今天处理', version: caseRow(cust.caseNo).version });
  assert.equal(reply.status, 303);
  assert.equal(sql(`SELECT awaiting_reply FROM cases WHERE case_no = ${q(cust.caseNo)}`)[0][0], '0', 'the reply clears the flag');
  const met = sql(`SELECT t.stopped_at IS NOT NULL AND t.stopped_at <= t.due_at FROM case_timers t JOIN cases c ON c.id = t.case_id WHERE c.case_no = ${q(cust.caseNo)} AND t.timer = 'reply'`)[0][0];
  assert.equal(met, '1', 'the reply limit is met');
  assert.equal(await countOf(), waitingBefore, 'the waiting count is back');
  assert.ok(!(await allOf(agent, 'view=waiting')).includes(cust.caseNo), 'gone from the waiting view');
  const page = await agent.get(`/staff/cases/${cust.caseNo}`);
  assert.match(page.text, /Reply to the customer: due [^<]*<span class="badge sla-met">/, 'the case page shows the limit met');

  const list = await cust.client.get('/my/requests');
  assert.match(list.text, new RegExp(`${cust.caseNo}</strong></a>\\s*<span[^>]*>[^<]*</span>\\s*<span class="badge replied" data-replied="1">The shop replied</span>`), 'the customer\'s list says the shop replied');
  await cust.client.get(`/my/requests/${cust.caseNo}`);
  assert.doesNotMatch((await cust.client.get('/my/requests')).text, /data-replied="1"/, 'seen once the case is opened');
});

test('search: a name by its prefix, the last four digits; %, _ and \' are literal', async () => {
  const tag = randomBytes(3).toString('hex');
  const odd = await newCase(`Zq_%'${tag}`);
  const plain = await newCase(`Zqa${tag}`);
  const agent = await staffAs('agent');
  const search = async (s) => {
    const res = await agent.get(`/staff/queue?q=${encodeURIComponent(s)}`);
    assert.equal(res.status, 200, `search ${s}`);
    return rows(res.text).map((r) => r.caseNo);
  };
  assert.deepEqual(await search(`Zq_%'${tag}`), [odd.caseNo], 'the whole odd name');
  assert.deepEqual(await search(`Zqa${tag}`), [plain.caseNo], 'the other name');
  const zq = await search('Zq');
  assert.ok(zq.includes(odd.caseNo) && zq.includes(plain.caseNo), 'a prefix finds both');
  const under = await search('Zq_');
  assert.ok(under.includes(odd.caseNo) && !under.includes(plain.caseNo), '_ is a character, not any character');
  const pct = await search('Zq%');
  assert.ok(!pct.includes(odd.caseNo) && !pct.includes(plain.caseNo), '% is a character, not anything');
  assert.deepEqual(await search('%'), [], '% alone finds nothing');
  assert.deepEqual(await search('_'), [], '_ alone finds nothing');
  assert.deepEqual(await search("' OR '1'='1"), [], 'SQL finds nothing');
  const quote = await search("Zq_%'");
  assert.ok(quote.includes(odd.caseNo) && !quote.includes(plain.caseNo), "' is a character");
  const last4 = await search(odd.phone.slice(-4));
  assert.ok(last4.includes(odd.caseNo), 'the last four digits of the phone');
  for (const no of last4)
    assert.equal(sql(`SELECT RIGHT(cu.phone, 4) FROM cases c JOIN customers cu ON cu.id = c.customer_id WHERE c.case_no = ${q(no)}`)[0][0], odd.phone.slice(-4));
  assert.deepEqual(await search(odd.phone), [odd.caseNo], 'the full phone');
  assert.deepEqual(await search(odd.orderNo), [odd.caseNo], 'the order number');
  assert.deepEqual(await search(odd.caseNo), [odd.caseNo], 'the case number');
});

test('sort keys: due, submitted, amount; a key not in the list is a 400', async () => {
  await newCase('排序', [{ ...ITEM, sku: 'TV-01', name: '电视', unit_price_fen: 499900 }]);
  const agent = await staffAs('agent');
  const values = async (sort, col) => {
    const res = await agent.get(`/staff/queue?view=all&sort=${sort}`);
    assert.equal(res.status, 200, sort);
    assert.match(res.text, new RegExp(`<option value="${sort}" selected>`));
    return rows(res.text).map((r) => sql(`SELECT ${col} FROM cases WHERE case_no = ${q(r.caseNo)}`)[0][0]);
  };
  const amounts = (await values('amount', 'IFNULL(value_fen, -1)')).map(Number);
  assert.ok(amounts.length > 1 && amounts.every((x, i) => i === 0 || amounts[i - 1] >= x), `amounts descending: ${amounts}`);
  assert.equal(amounts[0], count('SELECT MAX(value_fen) FROM cases WHERE queue_closed = 0'), 'the largest first');
  const submitted = await values('submitted', 'created_at');
  assert.ok(submitted.every((x, i) => i === 0 || submitted[i - 1] <= x), 'oldest submission first');
  const due = await values('due', 'queue_due');
  assert.ok(due.every((x, i) => i === 0 || due[i - 1] <= x), 'nearest due first');
  for (const bad of ['price', 'amount desc', "due'; DROP TABLE cases; --", 'c.id'])
    assertErrorPage(await agent.get(`/staff/queue?sort=${encodeURIComponent(bad)}`), 400, `sort ${bad}`);
});

test('bulk assignment: each case on its own; the page says which were not assigned and why', async () => {
  const ok = await newCase();
  const taken = await newCase();
  const cancelled = await newCase();
  const agent = await staffAs('agent');
  const agentId = sql("SELECT id FROM staff WHERE email = 'agent@demo.local'")[0][0];
  const logisticsId = sql("SELECT id FROM staff WHERE email = 'logistics@demo.local'")[0][0];
  const seen = {};
  for (const x of [ok, taken, cancelled]) seen[x.caseNo] = caseRow(x.caseNo).version;
  // meanwhile: another member takes one, the customer cancels another
  await staffStep('logistics', taken.caseNo, 'assign', { staff_id: logisticsId });
  await cancelled.client.get(`/my/requests/${cancelled.caseNo}/cancel`);
  assert.equal((await cancelled.client.postForm(`/my/requests/${cancelled.caseNo}/cancel`, { csrf: cancelled.client.csrf, version: caseRow(cancelled.caseNo).version })).status, 303);

  await agent.get('/staff/queue');
  const body = new URLSearchParams({ csrf: agent.csrf, staff_id: agentId });
  for (const x of [ok, taken]) body.append('case', `${x.caseNo}.${seen[x.caseNo]}`);
  body.append('case', `${cancelled.caseNo}.${caseRow(cancelled.caseNo).version}`);
  body.append('case', 'AS209901019999.1');
  body.append('case', "x' OR 1=1");
  const res = await agent.postForm('/staff/queue/assign', body);
  assert.equal(res.status, 200, res.text.slice(0, 300));
  const outcome = Object.fromEntries([...res.text.matchAll(/<li data-case="([^"]*)" data-outcome="(\w+)">([\s\S]*?)<\/li>/g)].map((m) => [unescapeHtml(m[1]), { outcome: m[2], why: m[3] }]));
  assert.equal(outcome[ok.caseNo].outcome, 'ok');
  assert.equal(outcome[taken.caseNo].outcome, 'refused');
  assert.match(outcome[taken.caseNo].why, /someone changed or took it/);
  assert.match(outcome[cancelled.caseNo].why, /cannot be assigned in its state/);
  assert.match(outcome.AS209901019999.why, /no such case/);
  assert.match(outcome["x' OR 1=1"].why, /no such case/);
  assert.match(res.text, /data-assigned="1" data-refused="4"/);
  assert.equal(sql(`SELECT assignee_id FROM cases WHERE case_no = ${q(ok.caseNo)}`)[0][0], agentId, 'assigned');
  assert.equal(sql(`SELECT assignee_id FROM cases WHERE case_no = ${q(taken.caseNo)}`)[0][0], logisticsId, 'the other member keeps it');
  assert.equal(sql(`SELECT IFNULL(assignee_id, 'none') FROM cases WHERE case_no = ${q(cancelled.caseNo)}`)[0][0], 'none');

  // finance may not assign: every case refused, nothing changed
  const finance = await staffAs('finance');
  await finance.get('/staff/queue');
  const fin = await finance.postForm('/staff/queue/assign', new URLSearchParams([['csrf', finance.csrf], ['staff_id', agentId], ['case', `${taken.caseNo}.${caseRow(taken.caseNo).version}`]]));
  assert.equal(fin.status, 200);
  assert.match(fin.text, /your role may not assign it/);
  assert.equal(sql(`SELECT assignee_id FROM cases WHERE case_no = ${q(taken.caseNo)}`)[0][0], logisticsId);

  assertErrorPage(await agent.postForm('/staff/queue/assign', { csrf: agent.csrf, staff_id: agentId }), 400, 'no case selected');
  assertErrorPage(await agent.postForm('/staff/queue/assign', { csrf: agent.csrf, case: `${ok.caseNo}.1` }), 400, 'no member');
  const many = new URLSearchParams({ csrf: agent.csrf, staff_id: agentId });
  for (let i = 0; i < 101; i++) many.append('case', `AS2099010199${String(i).padStart(2, '0')}.1`);
  assertErrorPage(await agent.postForm('/staff/queue/assign', many), 400, 'too many at once');
});

test('staff pages speak the staff\'s words: no "your return", no 您', async () => {
  const cust = await newCase();
  giveRiskHistory(cust.phone, 'medium');
  await staffStep('agent', cust.caseNo, 'approve');
  assert.equal(caseRow(cust.caseNo).state, 'awaiting_return');
  const agent = await staffAs('agent');
  for (const path of [`/staff/cases/${cust.caseNo}`, `/staff/queue?q=${cust.caseNo}`, '/staff/queue?view=returning']) {
    const en = await agent.get(path);
    assert.equal(en.status, 200, path);
    assert.doesNotMatch(en.text, /Awaiting your return|Sent back to you|Your message|Ask us anything/, `${path} (en)`);
    const zh = await agent.get(path, { headers: { 'accept-language': 'zh-CN' } });
    assert.match(zh.text, /<html lang="zh-CN">/);
    const main = /<main[\s\S]*<\/main>/.exec(zh.text)[0];
    assert.doesNotMatch(main, /您/, `${path} (zh) speaks to staff, not to a customer`);
  }
  const page = await agent.get(`/staff/cases/${cust.caseNo}`);
  assert.match(page.text, /data-state="awaiting_return">Awaiting the customer&#39;s return</);
  // the customer keeps their own words
  assert.match((await cust.client.get(`/my/requests/${cust.caseNo}`)).text, /Awaiting your return/);
});

test('a step ends with a one-line confirmation; a 409 ("someone else just handled this") links back to the case', async () => {
  const cust = await newCase();
  const agent = await staffAs('agent');
  await agent.get(`/staff/cases/${cust.caseNo}`);
  const version = caseRow(cust.caseNo).version;
  assert.equal((await agent.postForm(`/staff/cases/${cust.caseNo}/approve`, { csrf: agent.csrf, version })).status, 303);
  const done = await agent.get(`/staff/cases/${cust.caseNo}`);
  assert.match(done.text, /<p class="note done" id="done" role="status">Approved · Status: [^<]+<\/p>/, 'one line says what the step did');
  assert.doesNotMatch((await agent.get(`/staff/cases/${cust.caseNo}`)).text, /id="done"/, 'once');
  const zhDone = new Client();
  zhDone.setCookie('done', 'approve');
  zhDone.setCookie('sid', agent.cookie('sid'));
  assert.match((await zhDone.get(`/staff/cases/${cust.caseNo}`, { headers: { 'accept-language': 'zh-CN' } })).text, /id="done" role="status">已同意 · /);
  const forged = new Client();
  forged.setCookie('sid', agent.cookie('sid'));
  forged.setCookie('done', 'x<script>');
  assert.doesNotMatch((await forged.get(`/staff/cases/${cust.caseNo}`)).text, /id="done"|x<script>/, 'only known steps are told');
  await agent.postForm(`/staff/cases/${cust.caseNo}/note`, { csrf: agent.csrf, body: '已电话联系' });
  assert.match((await agent.get(`/staff/cases/${cust.caseNo}`)).text, /id="done" role="status">Note added · /);
  const stale = await agent.postForm(`/staff/cases/${cust.caseNo}/approve`, { csrf: agent.csrf, version });
  assertErrorPage(stale, 409, 'the second click');
  assert.match(stale.text, new RegExp(`<a href="/staff/cases/${cust.caseNo}" id="back-to-case">Back to the case, as it is now</a>`));
});

test('reply templates: a manager keeps them per language; an agent picks one, filled in, shown literally', async () => {
  const manager = await staffAs('manager');
  await manager.get('/staff/admin/replies');
  const tag = randomBytes(3).toString('hex');
  const body = `您好 {customer}，申请 {case_no} 已收到 <?cs var:Site.csrf ?> <b>${tag}</b> &amp;`;
  const added = await manager.postForm('/staff/admin/replies', { csrf: manager.csrf, lang: 'zh-CN', title: `收到-${tag}`, body });
  assert.equal(added.status, 303);
  const enAdded = await manager.postForm('/staff/admin/replies', { csrf: manager.csrf, lang: 'en', title: `Got-${tag}`, body: 'Hello {customer}, {case_no} is in.' });
  assert.equal(enAdded.status, 303);
  const id = sql(`SELECT id FROM reply_templates WHERE title = ${q('收到-' + tag)}`)[0][0];
  const list = await manager.get('/staff/admin/replies');
  assert.ok(list.text.includes(`&lt;?cs var:Site.csrf ?&gt; &lt;b&gt;${tag}&lt;/b&gt; &amp;amp;`), 'the manager\'s list shows the text literally');
  for (const bad of [{ lang: 'fr', title: 'x', body: 'y' }, { lang: 'en', title: '', body: 'y' }, { lang: 'en', title: 'x', body: '' }]) {
    const res = await manager.postForm('/staff/admin/replies', { csrf: manager.csrf, ...bad });
    assert.equal(res.status, 400, JSON.stringify(bad));
  }

  const cust = await newCase(`模板客户${tag}`);
  const agent = await staffAs('agent');
  const zh = { headers: { 'accept-language': 'zh-CN' } };
  const page = await agent.get(`/staff/cases/${cust.caseNo}`, zh);
  assert.match(page.text, new RegExp(`<option value="${id}">收到-${tag}</option>`), 'offered in the page language');
  assert.ok(!page.text.includes(`Got-${tag}`), 'not another language\'s');
  const picked = await agent.get(`/staff/cases/${cust.caseNo}?reply=${id}`, zh);
  assert.equal(picked.status, 200);
  const draft = /<textarea id="message-body"[^>]*>([\s\S]*?)<\/textarea>/.exec(picked.text)[1];
  assert.equal(draft, `您好 模板客户${tag}，申请 ${cust.caseNo} 已收到 &lt;?cs var:Site.csrf ?&gt; &lt;b&gt;${tag}&lt;/b&gt; &amp;amp;`,
    'filled in, the rest literal (escaped in the page)');
  assert.ok(!picked.text.includes(`<b>${tag}</b>`), 'no HTML from a template');
  // the agent edits it and sends: the customer gets the text as written
  await agent.get(`/staff/cases/${cust.caseNo}`);
  const sent = await agent.postForm(`/staff/cases/${cust.caseNo}/message`, { csrf: agent.csrf, version: caseRow(cust.caseNo).version, body: unescapeHtml(draft) + ' 请稍候' });
  assert.equal(sent.status, 303);
  const mine = await cust.client.get(`/my/requests/${cust.caseNo}`);
  assert.ok(mine.text.includes(`&lt;b&gt;${tag}&lt;/b&gt;`) && !mine.text.includes(`<b>${tag}</b>`), 'the customer sees it literally');

  assertErrorPage(await agent.get(`/staff/cases/${cust.caseNo}?reply=abc`, zh), 400, 'a bad template id');
  assertErrorPage(await agent.get(`/staff/cases/${cust.caseNo}?reply=99999999`, zh), 404, 'no such template');
  assertErrorPage(await agent.get(`/staff/cases/${cust.caseNo}?reply=${id}`), 404, 'a template of another language');
  assert.equal((await agent.postForm('/staff/admin/replies', { csrf: agent.csrf, lang: 'en', title: 'x', body: 'y' })).status, 403, 'agents do not keep templates');

  await manager.get('/staff/admin/replies');
  assert.equal((await manager.postForm(`/staff/admin/replies/${id}/remove`, { csrf: manager.csrf })).status, 303);
  assert.equal(count(`SELECT COUNT(*) FROM reply_templates WHERE id = ${id}`), 0);
  assertErrorPage(await manager.postForm(`/staff/admin/replies/${id}/remove`, { csrf: manager.csrf }), 404, 'removed already');
});
