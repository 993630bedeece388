// erase.test.mjs — erasure of a customer's personal data (issue 16): the
// customer's own (POST /my/account/erase with the password) and the
// manager's on a written request; afterwards no page, export, message copy
// or feed event has the name, phone, e-mail, city, message text or photos,
// the account cannot sign in and its sessions are over, refunds keep their
// facts and the dashboard's figures stay what they were. Then retention:
// old closed cases lose photos, messages and personal fields in the
// worker's daily job. Customers are made per run through the orders API.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';

import {
  Client, ROOT, VAR, staffAs, freshCustomer, submitRequest, caseNoOf, staffStep, giveRiskHistory, sql, q, count,
  assertErrorPage, assertRedirect, fieldErrors, png, apiGet, shanghaiDay, waitFor,
} from './lib.mjs';

const ITEMS = [{ sku: 'ER-01', name: '电水壶', category: 'electronics', qty: 1, unit_price_fen: 15900 }];
const MARK = '[erased]';
const TEXT = { description: '壶底漏水请尽快处理', message: '我家地址是西湖区某某路88号', staffMessage: '好的，我们会联系您',
  comment: '客服态度很好谢谢', subject: '退款慢了', complaint: '投诉内容里有我的电话',
  resolution: '已电话联系李先生致歉', reopen: '李先生说还没收到补偿' };

const run = promisify(execFile);
const worker = () => run(join(ROOT, 'build/aftercare-notify'), ['--config', join(VAR, 'aftercare.conf'), '--once'], { cwd: ROOT });

/** A customer with everything personal the shop can hold: a case with a
 * description and a photo, refunded and completed, a survey comment, a
 * message with a photo each way, a complaint. */
async function richCustomer(tag) {
  const email = `er${tag.toLowerCase()}${Date.now()}@example.com`;
  const c = await freshCustomer(tag, ITEMS, { email, city: '杭州' });
  giveRiskHistory(c.phone, 'medium');
  const { res } = await submitRequest(c.client, c.orderNo, {
    type: 'refund_only', reason: 'missing_parts', qty: { [c.order.items[0].id]: 1 }, amount: '20.00',
    description: TEXT.description, photos: [{ filename: 'kettle.png', type: 'image/png', data: png() }],
  });
  const caseNo = caseNoOf(res);
  const cl = c.client;
  await cl.get(`/my/requests/${caseNo}`);
  assertRedirect(await cl.postMultipart(`/my/requests/${caseNo}/messages`, [['csrf', cl.csrf], ['body', TEXT.message], ['photo', { filename: 'leak.png', type: 'image/png', data: png(4, 4) }]]), /./);
  const agent = await staffAs('agent');
  await agent.get(`/staff/cases/${caseNo}`);
  assertRedirect(await agent.postForm(`/staff/cases/${caseNo}/message`, { csrf: agent.csrf, body: TEXT.staffMessage }), /./);
  await staffStep('agent', caseNo, 'approve');
  await staffStep('finance', caseNo, 'refund', { amount: '20.00', reference: `PAY-${tag}-${Date.now()}` });
  await staffStep('finance', caseNo, 'complete');
  await cl.get(`/my/requests/${caseNo}/survey`);
  assertRedirect(await cl.postForm(`/my/requests/${caseNo}/survey`, { csrf: cl.csrf, attitude: '5', speed: '4', resolution: '5', overall: '5', recommend: '9', comment: TEXT.comment }), /./);
  await cl.get('/my/complaints');
  const complaint = assertRedirect(await cl.postForm('/my/complaints', { csrf: cl.csrf, subject: TEXT.subject, body: TEXT.complaint, case_no: caseNo }), /./).split('-').pop();
  // resolved (the resolution goes to the customer by mail), then reopened with a reason
  await agent.get('/staff/complaints');
  assertRedirect(await agent.postForm(`/staff/complaints/${complaint}/resolve`, { csrf: agent.csrf, resolution: TEXT.resolution, compensation: '5' }), /./);
  assertRedirect(await cl.postForm(`/my/complaints/${complaint}/reopen`, { csrf: cl.csrf, reason: TEXT.reopen }), /./);
  const customerId = sql(`SELECT id FROM customers WHERE phone = ${q(c.phone)}`)[0][0];
  const name = sql(`SELECT name FROM customers WHERE id = ${customerId}`)[0][0];
  const photos = sql(`SELECT id FROM attachments WHERE customer_id = ${customerId}`).map((r) => r[0]);
  assert.equal(photos.length, 2);
  return { ...c, email, caseNo, customerId, name, photos };
}

/** Every personal value of the customer that must be gone, as written and
 * as JSON with ASCII escapes (the outbox's and the feed's copies). */
function secrets(e) {
  const plain = [e.phone, e.email, TEXT.description, TEXT.message, TEXT.staffMessage, TEXT.comment, TEXT.subject, TEXT.complaint,
    TEXT.resolution, TEXT.reopen, '杭州'];
  return [...plain, ...plain.map(asciiJson).filter((s) => !plain.includes(s))];
}

function asciiJson(s) {
  return s.replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0'));
}

/** id → data-value of every figure of a dashboard page. */
function figures(html) {
  const out = {};
  for (const m of html.matchAll(/id="f-([^"]+)" data-value="([^"]*)"/g)) out[m[1]] = m[2];
  return out;
}

async function dashboard() {
  const m = await staffAs('manager');
  const day = shanghaiDay(Date.now(), '-');
  const res = await m.get(`/staff/dashboard?from=${day}&to=${day}`);
  assert.equal(res.status, 200);
  const f = figures(res.text);
  assert.ok(Object.keys(f).length > 10, 'the dashboard has its figures');
  return f;
}

function customerRow(id) {
  const [r] = sql(`SELECT phone, COALESCE(email, 'NULL'), name, city, COALESCE(password_hash, 'NULL'), session_epoch, COALESCE(erased_at, 'NULL') FROM customers WHERE id = ${id}`);
  return { phone: r[0], email: r[1], name: r[2], city: r[3], hash: r[4], epoch: r[5], erasedAt: r[6] };
}

/** Everything the database holds about a customer, as one string to search. */
function footprint(id, throttle = true) {
  const cases = `(SELECT id FROM cases WHERE customer_id = ${id})`;
  return [
    sql(`SELECT * FROM customers WHERE id = ${id}`),
    sql(`SELECT description FROM cases WHERE customer_id = ${id}`),
    sql(`SELECT note FROM case_events WHERE case_id IN ${cases}`),
    sql(`SELECT body FROM messages WHERE case_id IN ${cases}`),
    sql(`SELECT comment FROM surveys WHERE case_id IN ${cases}`),
    sql(`SELECT subject, body, reply, resolution, reopen_reason FROM complaints WHERE customer_id = ${id}`),
    sql(`SELECT recipient, data, body FROM outbox WHERE customer_id = ${id} OR case_id IN ${cases}`),
    sql(`SELECT data FROM events WHERE case_id IN ${cases}`),
    throttle ? sql('SELECT k FROM login_throttle') : [],
  ].flat(Infinity).join('\n').replaceAll('\\\\', '\\'); // the client's escaped backslash
}

let e; // the customer who erases themselves
let figuresBefore;

before(async () => {
  e = await richCustomer('ERS');
});

test('erase without the password or with a wrong one: refused, nothing changes', async () => {
  const c = e.client;
  const fp = footprint(e.customerId, false);
  const row = customerRow(e.customerId);
  await c.get('/my/account');
  const none = await c.postForm('/my/account/erase', { csrf: c.csrf });
  assert.equal(none.status, 400);
  assert.deepEqual(Object.keys(fieldErrors(none.text)), ['password']);
  const empty = await c.postForm('/my/account/erase', { csrf: c.csrf, password: '' });
  assert.equal(empty.status, 400);
  const wrong = await c.postForm('/my/account/erase', { csrf: c.csrf, password: e.password + 'x' });
  assert.equal(wrong.status, 400);
  assert.deepEqual(Object.keys(fieldErrors(wrong.text)), ['password']);
  assertErrorPage(await c.postForm('/my/account/erase', { csrf: 'forged', password: e.password }), 403, 'forged csrf');
  assertRedirect(await new Client().postForm('/my/account/erase', { password: e.password }), /\/login/, 'signed out');
  assert.deepEqual(customerRow(e.customerId), row, 'the account as it was');
  assert.equal(footprint(e.customerId, false), fp, 'every row as it was');
  assert.ok(sql('SELECT k FROM login_throttle').some(([k]) => k === `account:c:${e.customerId}`), 'the wrong password counts against the account');
  assert.equal((await c.get('/my/orders')).status, 200, 'still signed in');
  sql(`DELETE FROM login_throttle WHERE k = ${q(`account:c:${e.customerId}`)}`);
});

test('erasure: the account is closed at once, every session ends, the page says what happened and when the rest goes', async () => {
  // worker paused is not needed: the erasure rewrites the outbox in its transaction
  await worker(); // deliveries and jobs settled, so that the figures below are stable
  figuresBefore = await dashboard();
  const second = new Client();
  await second.get('/login');
  assertRedirect(await second.postForm('/login', { csrf: second.csrf, login: e.phone, password: e.password }), '/my/orders');
  const refundsBefore = sql(`SELECT r.id, r.amount_fen, r.reference, r.created_at FROM refunds r JOIN cases c ON c.id = r.case_id WHERE c.customer_id = ${e.customerId} ORDER BY r.id`);
  const eventsBefore = sql(`SELECT e.id, e.action, e.from_state, e.to_state, e.at FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.customer_id = ${e.customerId} ORDER BY e.id`);

  const c = e.client;
  await c.get('/my/account');
  const res = await c.postForm('/my/account/erase', { csrf: c.csrf, password: e.password });
  assert.equal(res.status, 200, res.text.slice(0, 300));
  assert.match(res.text, /id="erased"/);
  assert.match(res.text, /id="refunds-until"/, 'when the refund records go');
  assert.ok(res.headers.getSetCookie().some((l) => /^sid=;/.test(l)), 'the cookie is cleared');

  const row = customerRow(e.customerId);
  assert.equal(row.phone, `erased-${e.customerId}`);
  assert.equal(row.email, 'NULL');
  assert.equal(row.name, MARK);
  assert.equal(row.city, '');
  assert.equal(row.hash, 'NULL', 'no password: it cannot sign in');
  assert.notEqual(row.erasedAt, 'NULL');
  assert.match(res.text, /id="refunds-until">[^<]+</, 'a date');

  // sessions: both clients are signed out; signing in fails
  assertRedirect(await second.get('/my/orders'), /\/login/, 'the other session ended');

  // the timeline keeps every event (only the note is replaced); refunds keep their facts
  assert.deepEqual(sql(`SELECT e.id, e.action, e.from_state, e.to_state, e.at FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.customer_id = ${e.customerId} ORDER BY e.id`), eventsBefore, 'every event kept');
  assert.deepEqual(sql(`SELECT r.id, r.amount_fen, r.reference, r.created_at FROM refunds r JOIN cases c ON c.id = r.case_id WHERE c.customer_id = ${e.customerId} ORDER BY r.id`), refundsBefore, 'refunds kept');
  assert.equal(count(`SELECT COUNT(*) FROM attachments WHERE customer_id = ${e.customerId} OR case_id IN (SELECT id FROM cases WHERE customer_id = ${e.customerId})`), 0, 'photos gone');
  assert.ok(count(`SELECT COUNT(*) FROM messages m JOIN cases c ON c.id = m.case_id WHERE c.customer_id = ${e.customerId} AND m.body = ${q(MARK)}`) >= 2, 'messages kept, text replaced');
  assert.equal(count(`SELECT COUNT(*) FROM outbox WHERE customer_id = ${e.customerId} AND status = 'queued'`), 0, 'nothing more is sent to the customer');
  const fp = footprint(e.customerId);
  for (const s of secrets(e)) assert.ok(!fp.includes(s), `the database no longer holds ${s}`);
  assert.ok(!fp.includes(e.name) || e.name === MARK, 'nor the name');
  assert.equal(count(`SELECT COUNT(*) FROM audit_log WHERE customer_id = ${e.customerId} AND action = 'erase_by_customer' AND staff_id IS NULL`), 1, 'audited');
  // (after the search above: a failed sign-in records the login it was tried with)
  const relogin = new Client();
  await relogin.get('/login');
  const r2 = await relogin.postForm('/login', { csrf: relogin.csrf, login: e.phone, password: e.password });
  assert.notEqual(r2.status, 303, 'the old phone and password sign in no more');
});

test('erase twice: the closed account cannot ask again (sign-in page), nothing changes', async () => {
  const row = customerRow(e.customerId);
  const c = e.client;
  const again = await c.postForm('/my/account/erase', { csrf: c.csrf, password: e.password });
  assertRedirect(again, /\/login/, 'a second erasure from the old session');
  assert.deepEqual(customerRow(e.customerId), row);
  assert.equal(count(`SELECT COUNT(*) FROM audit_log WHERE customer_id = ${e.customerId}`), 1);
});

test('an erased account cannot be woken: no reset code, no registration, no case registered for it', async () => {
  const v = new Client();
  await v.get('/forgot');
  const outbox = count(`SELECT COUNT(*) FROM outbox WHERE customer_id = ${e.customerId}`);
  for (const login of [`erased-${e.customerId}`, e.phone, e.email]) {
    const res = await v.postForm('/forgot', { csrf: v.csrf, login });
    assert.ok(res.status < 500, `forgot ${login}: ${res.status}`);
  }
  assert.equal(count(`SELECT COUNT(*) FROM password_resets WHERE customer_id = ${e.customerId}`), 0, 'no reset code');
  assert.equal(count(`SELECT COUNT(*) FROM outbox WHERE customer_id = ${e.customerId}`), outbox, 'nothing sent');
  const r = new Client();
  await r.get('/register');
  const reg = await r.postForm('/register', { csrf: r.csrf, order_no: e.orderNo, phone: e.phone, password: 'another-pw-1', password2: 'another-pw-1' });
  assert.notEqual(reg.status, 303, 'the old phone and order do not register again');
  const agent = await staffAs('agent');
  const reg2 = await agent.get(`/staff/cases/new?customer=${encodeURIComponent(`erased-${e.customerId}`)}&order_no=${encodeURIComponent(e.orderNo)}`);
  assert.equal(reg2.status, 400, 'staff cannot register a case for it');
  assert.equal(customerRow(e.customerId).hash, 'NULL', 'still no password');
});

test('after the erasure no staff page, export or API answer has the customer\'s personal data', async () => {
  const pages = [];
  for (const role of ['agent', 'warehouse', 'logistics', 'finance', 'tech', 'manager']) {
    const s = await staffAs(role);
    pages.push([`${role} case page`, await s.get(`/staff/cases/${e.caseNo}`)]);
    pages.push([`${role} queue by case`, await s.get(`/staff/queue?q=${e.caseNo}&status=completed`)]);
    if (role !== 'warehouse' && role !== 'finance') {
      await s.get(`/staff/cases/${e.caseNo}`);
      pages.push([`${role} reveal`, await s.postForm(`/staff/cases/${e.caseNo}/reveal`, { csrf: s.csrf })]);
    }
  }
  const m = await staffAs('manager');
  const day = shanghaiDay(Date.now(), '-');
  for (const p of ['/staff/export/cases.csv', '/staff/export/refunds.csv', '/staff/export/surveys.csv']) pages.push([p, await m.get(`${p}?from=${day}&to=${day}`)]);
  for (const p of ['/staff/surveys', '/staff/complaints', '/staff/admin/notifications', `/staff/audit?case_no=${e.caseNo}`]) pages.push([p, await m.get(p)]);
  pages.push(['api case', await apiGet(`/api/v1/cases/${e.caseNo}`)]);
  pages.push(['api events', await apiGet('/api/v1/events')]);
  for (const [what, res] of pages) {
    assert.ok(res.status === 200, `${what}: ${res.status}`);
    for (const s of secrets(e)) assert.ok(!res.text.includes(s), `${what} has no ${s}`);
  }
  const casePage = pages.find(([what]) => what === 'manager case page')[1].text;
  assert.ok(casePage.includes(MARK), 'the marker stands where the text was');
  for (const id of e.photos) assertErrorPage(await m.get(`/attachments/${id}`), 404, `photo ${id}`);
  const queue = await m.get(`/staff/queue?q=${e.phone}`);
  assert.ok(!queue.text.includes(e.caseNo), 'the old phone finds nothing');
});

test('the dashboard\'s figures are the same after the erasure', async () => {
  assert.ok(figuresBefore, 'taken before the erasure');
  assert.deepEqual(await dashboard(), figuresBefore);
});

// --------------------------------------------------------- the manager's

test('a manager erases a customer on a written request (audited); again: already erased, 409', async () => {
  const x = await freshCustomer('ERM', ITEMS, { email: `erm${Date.now()}@example.com` });
  const xid = sql(`SELECT id FROM customers WHERE phone = ${q(x.phone)}`)[0][0];
  const m = await staffAs('manager');
  const page = await m.get('/staff/admin/privacy');
  assert.equal(page.status, 200);
  for (const role of ['agent', 'warehouse', 'finance', 'tech', 'logistics']) {
    const s = await staffAs(role);
    assertErrorPage(await s.get('/staff/admin/privacy'), 403, role);
    assertErrorPage(await s.postForm('/staff/admin/privacy/erase', { csrf: s.csrf, customer: x.phone, reference: 'R', confirm: '1' }), 403, role);
  }
  const row = customerRow(xid);
  const bad = [
    [{ customer: x.phone, confirm: '1' }, ['reference']],
    [{ customer: x.phone, reference: 'REQ-1' }, ['confirm']],
    [{ customer: '13000000000', reference: 'REQ-1', confirm: '1' }, ['customer']],
    [{ reference: 'REQ-1', confirm: '1' }, ['customer']],
    [{ customer: x.phone, reference: 'x'.repeat(201), confirm: '1' }, ['reference']],
  ];
  for (const [fields, errs] of bad) {
    const res = await m.postForm('/staff/admin/privacy/erase', { csrf: m.csrf, ...fields });
    assert.equal(res.status, 400, JSON.stringify(fields));
    assert.deepEqual(Object.keys(fieldErrors(res.text)).sort(), errs, JSON.stringify(fields));
  }
  assert.deepEqual(customerRow(xid), row, 'nothing changed');
  const ref = `REQ-${Date.now()}`;
  const res = await m.postForm('/staff/admin/privacy/erase', { csrf: m.csrf, customer: x.phone, reference: ref, confirm: '1' });
  assert.equal(res.status, 200);
  assert.match(res.text, /id="erased"/);
  assert.equal(customerRow(xid).phone, `erased-${xid}`);
  const managerId = sql("SELECT id FROM staff WHERE email = 'manager@demo.local'")[0][0];
  assert.deepEqual(sql(`SELECT staff_id, action, note FROM audit_log WHERE customer_id = ${xid}`), [[managerId, 'erase_on_request', ref]]);
  assertRedirect(await x.client.get('/my/orders'), /\/login/, 'the customer\'s session ended');
  const audit = await m.get('/staff/audit');
  assert.ok(audit.text.includes(ref), 'the audit trail shows the request');
  // the e-mail of an erased account is gone: by the placeholder phone it is already erased
  const again = await m.postForm('/staff/admin/privacy/erase', { csrf: m.csrf, customer: `erased-${xid}`, reference: ref, confirm: '1' });
  assert.equal(again.status, 409);
  assert.match(again.text, /id="erased-already"/);
  assert.equal(count(`SELECT COUNT(*) FROM audit_log WHERE customer_id = ${xid}`), 1, 'audited once');
});

// ----------------------------------------------------------- retention

function jobRuns() {
  const r = sql("SELECT runs, running_until IS NULL FROM jobs WHERE name = 'retention'");
  return r.length ? { runs: Number(r[0][0]), idle: r[0][1] === '1' } : { runs: 0, idle: true };
}

async function runRetention() {
  const before = jobRuns().runs;
  sql("INSERT IGNORE INTO jobs (name) VALUES ('retention'); UPDATE jobs SET last_run = UTC_TIMESTAMP() - INTERVAL 2 DAY, running_until = NULL WHERE name = 'retention'");
  await worker();
  await waitFor(() => { const s = jobRuns(); return s.runs > before && s.idle; }, 'the retention job ran');
}

test('retention: the policy page validates; old closed cases lose photos, then messages and personal fields; open ones keep theirs', async () => {
  const m = await staffAs('manager');
  await m.get('/staff/admin/privacy');
  const saved = sql("SELECT name, value FROM settings WHERE name LIKE 'retention%' ORDER BY name");
  const badRes = await m.postForm('/staff/admin/privacy/retention', { csrf: m.csrf, photo_days: '-1', message_days: 'x', personal_days: '99999999', refund_days: '' });
  assert.equal(badRes.status, 400);
  assert.deepEqual(Object.keys(fieldErrors(badRes.text)).sort(), ['message_days', 'personal_days', 'photo_days', 'refund_days']);
  assert.deepEqual(sql("SELECT name, value FROM settings WHERE name LIKE 'retention%' ORDER BY name"), saved, 'nothing saved');
  assertRedirect(await m.postForm('/staff/admin/privacy/retention', { csrf: m.csrf, photo_days: '180', message_days: '365', personal_days: '1095', refund_days: '1825' }), '/staff/admin/privacy?saved=1');
  assert.equal(sql("SELECT value FROM settings WHERE name = 'retention_message_days'")[0][0], '365');

  const old = await richCustomer('ERR');
  const open = await freshCustomer('ERO', ITEMS);
  giveRiskHistory(open.phone, 'medium'); // no fast refund: the case stays open
  const { res } = await submitRequest(open.client, open.orderNo, {
    type: 'refund_only', reason: 'missing_parts', qty: { [open.order.items[0].id]: 1 }, amount: '1.00',
    description: '仍在处理中的说明', photos: [{ filename: 'o.png', type: 'image/png', data: png() }],
  });
  const openCase = caseNoOf(res);
  const age = (caseNo, days) => sql(`UPDATE cases SET updated_at = UTC_TIMESTAMP() - INTERVAL ${days} DAY WHERE case_no = ${q(caseNo)}`);
  const oldId = sql(`SELECT id FROM cases WHERE case_no = ${q(old.caseNo)}`)[0][0];
  const figs = await dashboard();

  age(old.caseNo, 200);
  age(openCase, 5000);
  await runRetention();
  assert.equal(count(`SELECT COUNT(*) FROM attachments WHERE case_id = ${oldId}`), 0, '200 days: photos gone');
  assert.equal(count(`SELECT COUNT(*) FROM messages WHERE case_id = ${oldId} AND attachment_id IS NOT NULL`), 0, 'messages lose their photo link');
  assert.equal(count(`SELECT COUNT(*) FROM messages WHERE case_id = ${oldId} AND body = ${q(TEXT.message)}`), 1, '200 days: the message text stays');
  assert.equal(sql(`SELECT description FROM cases WHERE id = ${oldId}`)[0][0], TEXT.description, 'and the description');

  age(old.caseNo, 400);
  await runRetention();
  assert.equal(count(`SELECT COUNT(*) FROM messages WHERE case_id = ${oldId} AND body <> ${q(MARK)}`), 0, '400 days: messages replaced');
  assert.equal(sql(`SELECT description FROM cases WHERE id = ${oldId}`)[0][0], TEXT.description, 'personal fields still kept');

  age(old.caseNo, 1200);
  await runRetention();
  assert.equal(sql(`SELECT description FROM cases WHERE id = ${oldId}`)[0][0], MARK, '1200 days: description replaced');
  assert.equal(sql(`SELECT comment FROM surveys WHERE case_id = ${oldId}`)[0][0], MARK, 'survey comment');
  assert.deepEqual(sql(`SELECT subject, body FROM complaints WHERE case_id = ${oldId}`), [[MARK, MARK]], 'complaint');
  const leftovers = [sql(`SELECT data FROM events WHERE case_id = ${oldId}`), sql(`SELECT data, body FROM outbox WHERE case_id = ${oldId} AND status <> 'queued'`)]
    .flat(Infinity).join('\n').replaceAll('\\\\', '\\');
  for (const s of [TEXT.message, TEXT.staffMessage, TEXT.complaint, TEXT.subject]) {
    assert.ok(!leftovers.includes(s) && !leftovers.includes(asciiJson(s)), `no copy of ${s} in the feed or sent messages`);
  }
  assert.ok(leftovers.includes(MARK), 'the marker stands in the copies');

  // the open case is as it was, whatever its age
  const [[desc, photos]] = sql(`SELECT c.description, (SELECT COUNT(*) FROM attachments a WHERE a.case_id = c.id) FROM cases c WHERE c.case_no = ${q(openCase)}`);
  assert.equal(desc, '仍在处理中的说明');
  assert.equal(photos, '1');
  // the account itself is untouched by retention (only an erasure closes it)
  assert.equal(customerRow(old.customerId).phone, old.phone);

  // restore ages so that the dashboard compares the same periods
  age(old.caseNo, 0);
  age(openCase, 0);
  assert.deepEqual(await dashboard(), figs, 'figures unchanged by retention');
  sql(saved.map(([k, v]) => `UPDATE settings SET value = ${q(v)} WHERE name = ${q(k)};`).join(''));
});
