// outbox.test.mjs — what a change tells (issue 12), on the daemon's side,
// over real HTTP against the real stack: the events feed
// (GET /api/v1/events) in order with its cursor, events written in the
// transaction of the change (a refused step writes none), the manager's
// webhook endpoints (secret shown once, bad URLs refused, disable, new
// secret) and the webhook rows each event leaves for the endpoints that
// want it, the payment system's confirmation that a refund reached the
// customer (refund.credited, the real date on the refund progress), the
// manager's list of messages (recipients masked, resend),
// /metrics' outbox counts, and /forgot answering the same whether or not
// the account exists, with wrong codes locked out. Delivery itself (the
// worker, real SMTP and HTTP receivers) is notify.test.mjs.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  addEndpoint as addEndpointForm, apiGet, apiPost, assertErrorPage, assertRedirect, BASE, caseNoOf, caseRow, Client,
  DEMO_CUSTOMER, disableEndpoints, fieldErrors, lastEventId, freshCustomer, mailOf, q, refundOnlyCase, sql, staffAs, staffStep, submitRequest, waitFor, withWorkerPaused,
} from './lib.mjs';

const endpoints = [];
after(() => {
  // Later suites' events need not go to these test endpoints.
  disableEndpoints(endpoints);
});

async function events(after) {
  const res = await apiGet(`/api/v1/events?after=${after}`);
  assert.equal(res.status, 200, res.text);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  return JSON.parse(res.text);
}

async function newCase(tag, email = null) {
  const cust = await freshCustomer(tag, [
    { sku: 'EAR-01', name: '蓝牙耳机', category: 'electronics', qty: 1, unit_price_fen: 19900 },
  ], { email });
  const { res } = await submitRequest(cust.client, cust.orderNo, {
    type: 'return_refund', reason: 'quality_defect', description: '左耳没声音', qty: { [cust.order.items[0].id]: 1 },
  });
  return { ...cust, caseNo: caseNoOf(res) };
}

async function step(role, caseNo, action, fields = {}, version = caseRow(caseNo).version) {
  const c = await staffAs(role);
  await c.get(`/staff/cases/${caseNo}`);
  return c.postForm(`/staff/cases/${caseNo}/${action}`, { csrf: c.csrf, version, ...fields });
}

test('a case submitted and approved: its events in the feed, in order, with their data', async () => {
  const from = lastEventId();
  const { caseNo } = await newCase('EVT');
  assertRedirect(await step('agent', caseNo, 'approve'), `/staff/cases/${caseNo}`);
  const feed = await events(from);
  const mine = feed.events.filter((e) => e.case_no === caseNo);
  assert.deepEqual(mine.map((e) => e.type), ['case.created', 'case.updated']);
  assert.deepEqual(mine[0].data, { case_no: caseNo, action: 'submit', to: 'submitted' });
  assert.equal(mine[1].data.action, 'approve');
  assert.equal(mine[1].data.from, 'submitted');
  assert.equal(mine[1].data.to, caseRow(caseNo).state, 'the event says where the case went');
  assert.match(mine[0].created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const ids = feed.events.map((e) => e.id);
  assert.deepEqual(ids, [...ids].sort((a, b) => a - b), 'in order of id');
  assert.equal(feed.next, String(ids[ids.length - 1]), 'next is the last id seen');
  const again = await events(feed.next);
  assert.ok(again.events.every((e) => e.id > Number(feed.next)), 'the cursor moves on');
});

test('the feed: pages of 100 with a cursor, 400 on a bad cursor, 401 without the key', async () => {
  const total = Number(sql('SELECT COUNT(*) FROM events')[0][0]);
  const first = await events('');
  assert.equal(first.events.length, Math.min(total, 100));
  if (total > 100) {
    const second = await events(first.next);
    assert.ok(second.events[0].id > first.events[99].id, 'the second page follows the first');
  }
  for (const bad of ['abc', '-1', '1e9', '99999999999999999999999']) {
    const res = await apiGet(`/api/v1/events?after=${encodeURIComponent(bad)}`);
    assert.equal(res.status, 400, `after=${bad}`);
    assert.ok(JSON.parse(res.text).error);
  }
  assert.equal((await apiGet('/api/v1/events', null)).status, 401);
  assert.equal((await apiGet('/api/v1/events', 'not-a-key')).status, 401);
  const empty = await events(String(lastEventId() + 1000));
  assert.deepEqual(empty, { events: [], next: String(lastEventId() + 1000) }, 'past the end: none, the cursor kept');
});

test('a refused step writes no event and no message', async () => {
  const { caseNo } = await newCase('EVR');
  const before = Number(sql('SELECT COUNT(*) FROM events')[0][0]);
  const outbox = Number(sql('SELECT COUNT(*) FROM outbox')[0][0]);
  const stale = await step('agent', caseNo, 'approve', {}, caseRow(caseNo).version + 5);
  assert.equal(stale.status, 409);
  const forbidden = await step('warehouse', caseNo, 'approve');
  assert.equal(forbidden.status, 403);
  assert.equal(Number(sql('SELECT COUNT(*) FROM events')[0][0]), before, 'no event');
  assert.equal(Number(sql('SELECT COUNT(*) FROM outbox')[0][0]), outbox, 'no message');
});

/** lib.mjs addEndpoint, the endpoint kept to be disabled after the file. */
async function addEndpoint(url, events, status = 201) {
  const made = await addEndpointForm(url, events, status);
  if (made.id) endpoints.push(made.id);
  return made;
}

test('webhook endpoints: added with a secret shown once, bad URLs refused, disabled, a new secret', async () => {
  const { id, secret } = await addEndpoint('http://127.0.0.1:9/hooks', 'case.updated, refund.issued,case.updated');
  assert.equal(Buffer.from(secret.slice(6), 'base64').length, 24, 'whsec_ and 24 random bytes');
  assert.deepEqual(sql(`SELECT url, events, enabled FROM webhook_endpoints WHERE id = ${id}`)[0],
    ['http://127.0.0.1:9/hooks', 'case.updated,refund.issued', '1'], 'kept tidy, repeats dropped');
  const m = await staffAs('manager');
  const list = await m.get('/staff/admin/webhooks');
  assert.equal(list.status, 200);
  assert.ok(list.text.includes(`id="endpoint-${id}"`));
  assert.ok(!list.text.includes(secret), 'the list never shows a secret again');
  for (const [url, events, field] of [
    ['ftp://shop.example.com/', '*', 'url'],
    ['https://user:pw@shop.example.com/h', '*', 'url'],
    ['https://shop.example.com/a b', '*', 'url'],
    ['https://shop.example.com/' + 'a'.repeat(500), '*', 'url'],
    ['https://shop.example.com/h', 'case.deleted', 'events'],
    ['', '*', 'url'],
  ]) {
    const before = Number(sql('SELECT COUNT(*) FROM webhook_endpoints')[0][0]);
    const { res } = await addEndpoint(url, events, 400);
    assert.ok(fieldErrors(res.text)[field], `${url} / ${events}: an error on ${field}`);
    assert.equal(Number(sql('SELECT COUNT(*) FROM webhook_endpoints')[0][0]), before, 'nothing added');
  }
  await m.get('/staff/admin/webhooks');
  assertRedirect(await m.postForm(`/staff/admin/webhooks/${id}/disable`, { csrf: m.csrf }), `/staff/admin/webhooks#endpoint-${id}`);
  assert.equal(sql(`SELECT enabled FROM webhook_endpoints WHERE id = ${id}`)[0][0], '0');
  assertRedirect(await m.postForm(`/staff/admin/webhooks/${id}/enable`, { csrf: m.csrf }), `/staff/admin/webhooks#endpoint-${id}`);
  const rotated = await m.postForm(`/staff/admin/webhooks/${id}/rotate`, { csrf: m.csrf });
  assert.equal(rotated.status, 200);
  const fresh = /<code class="secret" data-endpoint="\d+">(whsec_[^<]+)</.exec(rotated.text)[1];
  assert.notEqual(fresh, secret);
  assert.equal(sql(`SELECT secret FROM webhook_endpoints WHERE id = ${id}`)[0][0], fresh);
  assertErrorPage(await m.postForm(`/staff/admin/webhooks/${id}/explode`, { csrf: m.csrf }), 404, 'an unknown change');
  assertErrorPage(await m.postForm('/staff/admin/webhooks/999999999/disable', { csrf: m.csrf }), 404, 'no such endpoint');
  const agent = await staffAs('agent');
  assertErrorPage(await agent.get('/staff/admin/webhooks'), 403, 'an agent');
  assertErrorPage(await agent.postForm('/staff/admin/webhooks', { csrf: agent.csrf, url: 'https://x.example.com/', events: '*' }), 403, 'an agent adds none');
});

test('each event leaves one webhook per endpoint that wants it, in its transaction', async () => {
  const all = await addEndpoint('http://127.0.0.1:9/all', '*');
  const refunds = await addEndpoint('http://127.0.0.1:9/refunds', 'refund.issued');
  const off = await addEndpoint('http://127.0.0.1:9/off', '*');
  const m = await staffAs('manager');
  await m.get('/staff/admin/webhooks');
  await m.postForm(`/staff/admin/webhooks/${off.id}/disable`, { csrf: m.csrf });
  const { caseNo } = await newCase('EVW');
  assertRedirect(await step('agent', caseNo, 'approve'), `/staff/cases/${caseNo}`);
  const rows = (id) => sql(`SELECT o.msg_key, o.event_type, o.body, o.status, o.recipient FROM outbox o
    JOIN events e ON e.id = o.event_id WHERE e.case_no = ${q(caseNo)} AND o.endpoint_id = ${id} ORDER BY o.id`);
  const toAll = rows(all.id);
  assert.deepEqual(toAll.map((r) => r[1]), ['case.created', 'case.updated']);
  const body = JSON.parse(toAll[1][2]);
  assert.equal(body.type, 'case.updated');
  assert.match(body.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.deepEqual(body.data, JSON.parse(sql(`SELECT data FROM events WHERE case_no = ${q(caseNo)} AND type = 'case.updated'`)[0][0]),
    'the webhook carries the feed\'s data');
  assert.ok(toAll.every((r) => /^msg_[0-9a-f]{24}$/.test(r[0])), 'each has its key');
  assert.equal(new Set(toAll.map((r) => r[0])).size, toAll.length, 'keys differ');
  assert.ok(toAll.every((r) => r[4] === 'http://127.0.0.1:9/all'));
  assert.equal(rows(refunds.id).length, 0, 'an endpoint that wants only refunds gets none of these');
  assert.equal(rows(off.id).length, 0, 'a disabled endpoint gets nothing');
});

test('the manager\'s list of messages: recipients masked, a resend, /metrics counts them', async () => {
  const m = await staffAs('manager');
  const page = await m.get('/staff/admin/notifications');
  assert.equal(page.status, 200);
  const id = Number(sql("SELECT MAX(id) FROM outbox WHERE channel = 'webhook'")[0][0]);
  assert.ok(page.text.includes(`id="message-${id}"`), 'the newest delivery is listed');
  assertErrorPage(await m.postForm('/staff/admin/notifications/999999999/resend', { csrf: m.csrf }), 404, 'no such message');
  assertErrorPage(await (await staffAs('finance')).get('/staff/admin/notifications'), 403, 'finance');
  // The worker paused: the resent row is read before it is tried again,
  // and no message changes state between the two readings of the counts.
  await withWorkerPaused(async () => {
    sql(`UPDATE outbox SET status = 'failed', attempts = 8, last_error = 'HTTP 500' WHERE id = ${id}`);
    await m.get('/staff/admin/notifications');
    assertRedirect(await m.postForm(`/staff/admin/notifications/${id}/resend`, { csrf: m.csrf }), '/staff/admin/notifications?resent=1');
    assert.deepEqual(sql(`SELECT status, attempts, last_error IS NULL FROM outbox WHERE id = ${id}`)[0], ['queued', '0', '1']);
    const metrics = await new Client().get('/metrics');
    for (const s of ['queued', 'sent', 'failed']) {
      const line = new RegExp(`^aftercare_outbox_messages\\{status="${s}"\\} (\\d+)$`, 'm').exec(metrics.text);
      assert.ok(line, `/metrics counts ${s}`);
      assert.equal(Number(line[1]), Number(sql(`SELECT COUNT(*) FROM outbox WHERE status = ${q(s)}`)[0][0]));
    }
  });
});

test('/forgot: the same answer for an account and for none; wrong codes lock the login out', async () => {
  const login = await new Client().get('/login');
  assert.match(login.text, /href="\/forgot"/, 'the sign-in page links to it');
  const staffLogin = await new Client().get('/staff/login');
  assert.doesNotMatch(staffLogin.text, /href="\/forgot"/, 'staff ask a manager instead');
  const answer = async (who) => {
    const c = new Client();
    const form = await c.get('/forgot');
    assert.equal(form.status, 200);
    const res = await c.postForm('/forgot', { csrf: c.csrf, login: who });
    return { status: res.status, text: res.text.replace(/name="csrf" value="[^"]*"/g, '').replaceAll(who, 'WHO') };
  };
  const known = await answer(DEMO_CUSTOMER);
  const unknown = await answer('13999999999');
  assert.equal(known.status, 200);
  assert.deepEqual(unknown, known, 'nothing tells whether the account exists');
  const c = new Client();
  await c.get('/forgot');
  assert.equal((await c.postForm('/forgot', { csrf: c.csrf, login: '' })).status, 400);
  const target = `1390${String(Date.now()).slice(-7)}`;
  const statuses = [];
  for (let i = 0; i < 7; i++) {
    const res = await c.postForm('/forgot/reset', { csrf: c.csrf, login: target, code: String(100000 + i), password: 'new-pass-123', password2: 'new-pass-123' });
    statuses.push(res.status);
  }
  assert.deepEqual(statuses.slice(0, 5), [400, 400, 400, 400, 400], 'wrong codes: 400');
  assert.equal(statuses[6], 429, 'then locked');
  for (const [fields, field] of [
    [{ code: '12345' }, 'code'], [{ code: 'abcdef' }, 'code'], [{ password: 'short', password2: 'short' }, 'password'],
    [{ password2: 'other-pass-123' }, 'password2'],
  ]) {
    const res = await c.postForm('/forgot/reset', { csrf: c.csrf, login: '13811112222', code: '123456', password: 'new-pass-123', password2: 'new-pass-123', ...fields });
    assert.equal(res.status, 400);
    assert.ok(fieldErrors(res.text)[field], `an error on ${field}`);
  }
});

test('the payment system confirms a refund reached the customer: the event and the real date', async () => {
  const cust = await refundOnlyCase('CRD');
  await staffStep('agent', cust.caseNo, 'approve');
  await staffStep('finance', cust.caseNo, 'refund', { amount: '30.00', reference: 'PAY-CRD' });
  const [id, created] = sql(`SELECT r.id, DATE_FORMAT(r.created_at, '%Y-%m-%dT%H:%i:%sZ') FROM refunds r
    JOIN cases c ON c.id = r.case_id WHERE c.case_no = ${q(cust.caseNo)}`)[0];
  const path = `/api/v1/cases/${cust.caseNo}/refunds/${id}/credited`;
  const before = await cust.client.get(`/my/requests/${cust.caseNo}`);
  assert.match(before.text, /<li class="(next|late)" data-status="\w+"><strong>Money in your account<\/strong>\s*<span class="muted">expected by/,
    'before: an estimate');
  const from = lastEventId();
  const at = new Date(Date.parse(created) + 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
  assert.equal((await apiPost(path, { credited_at: '2030-01-01T00:00:00Z' })).status, 400, 'in the future');
  assert.equal((await apiPost(path, { credited_at: '2020-01-01T00:00:00Z' })).status, 400, 'before the refund');
  assert.equal((await apiPost(path, { credited_at: 'yesterday' })).status, 400);
  assert.equal((await apiPost(path, '{"credited_at": ')).status, 400, 'broken JSON');
  assert.equal(sql(`SELECT credited_at IS NULL FROM refunds WHERE id = ${id}`)[0][0], '1', 'refusals changed nothing');
  const ok = await apiPost(path, { credited_at: at });
  assert.equal(ok.status, 200, ok.text);
  assert.deepEqual(JSON.parse(ok.text), { refund: Number(id), credited_at: at });
  const feed = (await events(from)).events.filter((e) => e.case_no === cust.caseNo);
  assert.deepEqual(feed.map((e) => e.type), ['refund.credited']);
  assert.deepEqual(feed[0].data, { case_no: cust.caseNo, amount_fen: 3000, reference: 'PAY-CRD' });
  const after = await cust.client.get(`/my/requests/${cust.caseNo}`);
  const local = new Date(Date.parse(at) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
  assert.ok(after.text.includes(`<li class="done" data-status="done"><strong>Money in your account</strong>\n      <span class="muted">${local}</span>`),
    `after: done on ${local} (Shanghai)`);

  assert.equal((await apiPost(path, { credited_at: at })).status, 200, 'the same confirmation again: fine');
  const other = new Date(Date.parse(at) + 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  assert.equal((await apiPost(path, { credited_at: other })).status, 409, 'another time: a conflict');
  assert.equal((await apiPost(`/api/v1/cases/${cust.caseNo}/refunds/${Number(id) + 100000}/credited`, { credited_at: at })).status, 404);
  assert.equal((await apiPost(`/api/v1/cases/AS199901010001/refunds/${id}/credited`, { credited_at: at })).status, 404, 'another case');
  assert.equal((await apiPost(path, { credited_at: at }, null)).status, 401);
  assert.equal(sql(`SELECT COUNT(*) FROM events WHERE type = 'refund.credited' AND case_no = ${q(cust.caseNo)}`)[0][0], '1',
    'one event, however often it is confirmed');
});

/** The e-mail row the customer's message of a template left, once there. */
function customerRow(phone, template) {
  return waitFor(() => sql(`SELECT o.msg_key FROM outbox o JOIN customers c ON c.id = o.customer_id
      WHERE c.phone = ${q(phone)} AND o.template = ${q(template)} AND o.channel = 'email'
      ORDER BY o.id DESC LIMIT 1`).map(([key]) => ({ key }))[0], `the ${template} e-mail row of ${phone}`);
}

test('end to end: an approved case reaches the customer by mail, in the language they signed in with', async () => {
  const email = `e2e${Date.now()}@example.com`;
  const { caseNo, phone, client } = await newCase('E2E', email);
  await client.get('/lang/zh-CN?back=/my/orders'); // their messages speak Chinese from now on
  assertRedirect(await step('agent', caseNo, 'approve'), `/staff/cases/${caseNo}`);
  const { key } = await customerRow(phone, 'case_updated');
  const mail = await mailOf(key);
  assert.equal(mail.to.value[0].address, email);
  assert.ok(mail.subject.includes(caseNo), `the subject names the case: ${mail.subject}`);
  assert.match(mail.subject, /[\u4e00-\u9fff]/, 'in Chinese');
  assert.ok(mail.text.includes(`${BASE}/my/requests/${caseNo}`), 'an absolute link to the case');
  assert.ok(mail.html.includes(`href="${BASE}/my/requests/${caseNo}"`));
});

test('end to end: a forgotten password, the code from the mail, the new password; old sessions end', async () => {
  const email = `fgt${Date.now()}@example.com`;
  const cust = await freshCustomer('FGT', [{ sku: 'F-1', name: '风扇', category: 'appliance', qty: 1, unit_price_fen: 9900 }], { email });
  const c = new Client();
  await c.get('/forgot');
  const asked = await c.postForm('/forgot', { csrf: c.csrf, login: email });
  assert.equal(asked.status, 200);
  const { key } = await customerRow(cust.phone, 'reset_code');
  const mail = await mailOf(key);
  assert.equal(mail.to.value[0].address, email);
  const code = /\b(\d{6})\b/.exec(mail.text)[1];
  assert.equal(sql(`SELECT COUNT(*) FROM password_resets r JOIN customers c ON c.id = r.customer_id
    WHERE c.phone = ${q(cust.phone)} AND r.code_hash LIKE ${q('%' + code + '%')}`)[0][0], '0', 'the code is kept only as its MAC');
  assert.equal(sql(`SELECT COUNT(*) FROM events WHERE data LIKE ${q('%' + code + '%')}`)[0][0], '0', 'never in the events feed');
  assert.equal(sql(`SELECT COUNT(*) FROM outbox WHERE channel = 'webhook' AND body LIKE ${q('%' + code + '%')}`)[0][0], '0', 'never in a webhook');
  const m = await staffAs('manager');
  const list = await m.get('/staff/admin/notifications');
  assert.ok(!list.text.includes(code), 'the managers\' list never shows it');

  const wrong = await c.postForm('/forgot/reset', { csrf: c.csrf, login: email, code: code === '000000' ? '000001' : '000000', password: 'brand-new-pw', password2: 'brand-new-pw' });
  assert.equal(wrong.status, 400);
  const done = await c.postForm('/forgot/reset', { csrf: c.csrf, login: email, code, password: 'brand-new-pw', password2: 'brand-new-pw' });
  assertRedirect(done, '/login?reset=1');
  assert.match((await new Client().get('/login?reset=1')).text, /every earlier sign-in has ended/);
  assertRedirect(await cust.client.get('/my/orders'), '/login', 'the old session is over');
  const again = await c.postForm('/forgot/reset', { csrf: c.csrf, login: email, code, password: 'other-pw-123', password2: 'other-pw-123' });
  assert.equal(again.status, 400, 'a code works once');
  const signIn = new Client();
  await signIn.get('/login');
  assertRedirect(await signIn.postForm('/login', { csrf: signIn.csrf, login: cust.phone, password: 'brand-new-pw' }), '/my/orders');
});
