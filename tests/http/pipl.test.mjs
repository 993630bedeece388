// pipl.test.mjs — personal information (issue 16): contact details masked
// on every staff output by default, revealed only by the roles that contact
// customers (audited), refused for warehouse and finance; the customer's
// export compared field by field with the database. Customers are made
// per run through the orders API (never the demo ones).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';

import {
  Client, staffAs, freshCustomer, submitRequest, caseNoOf, staffStep, giveRiskHistory, sql, q, count,
  assertErrorPage, assertRedirect, png, apiGet, shanghaiDay,
} from './lib.mjs';

const ROLES = ['agent', 'warehouse', 'logistics', 'finance', 'tech', 'manager'];
const REVEAL = new Set(['agent', 'logistics', 'tech', 'manager']);
const ITEMS = [{ sku: 'PI-01', name: '台灯', category: 'electronics', qty: 1, unit_price_fen: 19900 }];

let cust; // { client, phone, orderNo, email, caseNo, customerId }

function staffId(role) {
  return sql(`SELECT id FROM staff WHERE email = ${q(`${role}@demo.local`)}`)[0][0];
}

function reveals(caseNo, role) {
  return count(`SELECT COUNT(*) FROM audit_log l JOIN cases c ON c.id = l.case_id
                WHERE c.case_no = ${q(caseNo)} AND l.action = 'reveal_contact' AND l.staff_id = ${staffId(role)}`);
}

before(async () => {
  const email = `pipl${Date.now()}@example.com`;
  const c = await freshCustomer('PIPL', ITEMS, { email, city: '杭州' });
  giveRiskHistory(c.phone, 'medium'); // the refund waits for finance
  const { res } = await submitRequest(c.client, c.orderNo, {
    type: 'refund_only', reason: 'missing_parts', qty: { [c.order.items[0].id]: 1 }, amount: '10.00',
    description: '缺少灯罩', photos: [{ filename: 'lamp.png', type: 'image/png', data: png() }],
  });
  const caseNo = caseNoOf(res);
  const customerId = sql(`SELECT id FROM customers WHERE phone = ${q(c.phone)}`)[0][0];
  cust = { ...c, email, caseNo, customerId };
});

/** The customer block of a staff case page: phone, e-mail, city as shown. */
function contactOf(html) {
  const get = (id) => { const m = new RegExp(`id="${id}">([^<]*)<`).exec(html); return m ? m[1] : null; };
  return { phone: get('customer-phone'), email: get('customer-email'), city: get('customer-city') };
}

const masked = () => ({ phone: `${cust.phone.slice(0, 3)}****${cust.phone.slice(-4)}`, email: `${cust.email[0]}***@example.com`, city: '杭**' });

test('the staff case page masks phone, e-mail and city for every role; the reveal button only for contact roles', async () => {
  for (const role of ROLES) {
    const s = await staffAs(role);
    const page = await s.get(`/staff/cases/${cust.caseNo}`);
    assert.equal(page.status, 200, role);
    assert.deepEqual(contactOf(page.text), masked(), `${role}: masked`);
    assert.ok(!page.text.includes(cust.phone), `${role}: no full phone anywhere on the page`);
    assert.ok(!page.text.includes(cust.email), `${role}: no full e-mail anywhere on the page`);
    assert.equal(/id="reveal-form"/.test(page.text), REVEAL.has(role), `${role}: reveal form ${REVEAL.has(role) ? 'shown' : 'not shown'}`);
  }
});

test('agent, logistics, tech and manager reveal (audited); warehouse and finance get 403 and nothing is recorded', async () => {
  for (const role of ROLES) {
    const s = await staffAs(role);
    await s.get(`/staff/cases/${cust.caseNo}`);
    const n = reveals(cust.caseNo, role);
    const res = await s.postForm(`/staff/cases/${cust.caseNo}/reveal`, { csrf: s.csrf });
    if (REVEAL.has(role)) {
      assert.equal(res.status, 200, `${role} reveals`);
      assert.deepEqual(contactOf(res.text), { phone: cust.phone, email: cust.email, city: '杭州' }, `${role}: in full`);
      assert.match(res.text, /id="revealed"/);
      assert.equal(reveals(cust.caseNo, role), n + 1, `${role}: one audit row`);
      const [[at]] = sql(`SELECT TIMESTAMPDIFF(SECOND, MAX(at), UTC_TIMESTAMP()) FROM audit_log WHERE staff_id = ${staffId(role)} AND action = 'reveal_contact'`);
      assert.ok(Number(at) >= 0 && Number(at) < 60, `${role}: recorded now (${at} s ago)`);
      // the next plain view is masked again
      assert.deepEqual(contactOf((await s.get(`/staff/cases/${cust.caseNo}`)).text), masked(), `${role}: masked again`);
    } else {
      assertErrorPage(res, 403, `${role} reveals`);
      assert.ok(!res.text.includes(cust.phone), `${role}: no phone in the refusal`);
      assert.equal(reveals(cust.caseNo, role), n, `${role}: nothing recorded`);
    }
  }
  const m = await staffAs('manager');
  const audit = await m.get(`/staff/audit?case_no=${cust.caseNo}`);
  assert.equal(audit.status, 200);
  assert.match(audit.text, /data-action="reveal_contact"/, 'the audit trail lists the reveals');
  const agentName = sql(`SELECT name FROM staff WHERE id = ${staffId('agent')}`)[0][0];
  assert.match(audit.text, new RegExp(`data-action="reveal_contact" data-actor="s">[\\s\\S]*?class="who">${agentName}<`), 'with who did it');
});

test('reveal: a case that does not exist is 404, a forged form 403, both record nothing', async () => {
  const s = await staffAs('agent');
  await s.get('/staff/queue');
  const before = count('SELECT COUNT(*) FROM audit_log');
  assertErrorPage(await s.postForm('/staff/cases/AS000000000000/reveal', { csrf: s.csrf }), 404, 'no such case');
  assertErrorPage(await s.postForm(`/staff/cases/${encodeURIComponent("x' OR '1'='1")}/reveal`, { csrf: s.csrf }), 404, 'a hostile number');
  assertErrorPage(await s.postForm(`/staff/cases/${cust.caseNo}/reveal`, { csrf: 'forged' }), 403, 'no csrf');
  assertRedirect(await new Client().postForm(`/staff/cases/${cust.caseNo}/reveal`, {}), /\/staff\/login/, 'signed out');
  // a customer (even the case's own) is no staff member
  assertRedirect(await cust.client.postForm(`/staff/cases/${cust.caseNo}/reveal`, { csrf: cust.client.csrf }), /\/staff\/login/, 'a customer');
  assert.equal(count('SELECT COUNT(*) FROM audit_log'), before, 'nothing recorded');
});

test('the queue, the exports, the notifications list and the API never show the full phone or e-mail', async () => {
  for (const role of ROLES) {
    const s = await staffAs(role);
    const queue = await s.get(`/staff/queue?q=${cust.phone}`);
    assert.equal(queue.status, 200, role);
    assert.ok(queue.text.includes(cust.caseNo), `${role}: the case is found by the phone`);
    assert.ok(queue.text.includes(masked().phone), `${role}: the phone masked`);
    // the filter echoes what the member typed; nothing else has the full phone
    // (the queue's export link and the language switch carry the same query: q=)
    const echoed = queue.text.replaceAll(`value="${cust.phone}"`, '').replaceAll(`q=${cust.phone}`, '').replaceAll(`q%3D${cust.phone}`, '');
    assert.ok(!echoed.includes(cust.phone), `${role}: the phone never in full`);
    assert.ok(!queue.text.includes(cust.email), `${role}: no e-mail`);
  }
  const m = await staffAs('manager');
  const day = shanghaiDay(Date.now(), '-');
  for (const kind of ['cases', 'refunds', 'surveys']) {
    const res = await m.get(`/staff/export/${kind}.csv?from=${day}&to=${day}`);
    assert.equal(res.status, 200, kind);
    assert.ok(!res.text.includes(cust.phone), `${kind}.csv: no phone`);
    assert.ok(!res.text.includes(cust.email), `${kind}.csv: no e-mail`);
    assert.ok(!res.text.includes('杭州'), `${kind}.csv: no city`);
    for (const role of ROLES.filter((r) => r !== 'manager')) assertErrorPage(await (await staffAs(role)).get(`/staff/export/${kind}.csv`), 403, `${role} ${kind}.csv`);
  }
  // a message to the customer is queued by the approval: the list masks its recipient
  await staffStep('agent', cust.caseNo, 'approve');
  const rows = count(`SELECT COUNT(*) FROM outbox WHERE customer_id = ${cust.customerId}`);
  const notes = await m.get('/staff/admin/notifications');
  assert.equal(notes.status, 200);
  assert.ok(!notes.text.includes(cust.phone) && !notes.text.includes(cust.email), `the notifications list masks the recipient (${rows} rows of this customer)`);
  const api = await apiGet(`/api/v1/cases/${cust.caseNo}`);
  assert.equal(api.status, 200);
  const doc = JSON.parse(api.text);
  assert.equal(doc.case_no, cust.caseNo);
  for (const v of [cust.phone, cust.email, '杭州']) assert.ok(!api.text.includes(v), `the API has no ${v}`);
  assert.equal(JSON.stringify(Object.keys(doc).filter((k) => /phone|email|city|name/.test(k))), '[]', 'no contact fields in the API');
});

// ------------------------------------------------------------- export

/** Rows of a query as objects; names with "i:" are numbers, NULL is null. */
function rows(query, names) {
  return sql(query).map((r) => Object.fromEntries(names.map((n, i) => {
    const v = r[i] === 'NULL' ? null : r[i];
    return n.startsWith('i:') ? [n.slice(2), v === null ? null : Number(v)] : n.startsWith('b:') ? [n.slice(2), v === '1'] : [n, v];
  })));
}
const iso = (x) => `DATE_FORMAT(${x}, '%Y-%m-%dT%H:%i:%sZ')`;

test('the export is a JSON download of exactly what the database holds about the signed-in customer', async () => {
  const c = cust.client;
  // a message with a photo, a complaint: more to export
  await c.get(`/my/requests/${cust.caseNo}`);
  assertRedirect(await c.postMultipart(`/my/requests/${cust.caseNo}/messages`, [['csrf', c.csrf], ['body', '灯罩何时补发？'], ['photo', { filename: 'box.png', type: 'image/png', data: png(3, 3) }]]), /./);
  await c.get('/my/complaints');
  assertRedirect(await c.postForm('/my/complaints', { csrf: c.csrf, subject: '太慢', body: '等了很久', case_no: cust.caseNo }), /./);

  const account = await c.get('/my/account');
  assert.match(account.text, /href="\/my\/account\/export"/, '/my/account links to the export');
  const res = await c.get('/my/account/export');
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.match(res.headers.get('content-disposition'), /^attachment; filename="my-data-\d{4}-\d\d-\d\d\.json"$/);
  const doc = JSON.parse(res.text);
  const id = cust.customerId;

  const [acct] = rows(`SELECT phone, email, name, city, lang, notify_email, notify_sms, ${iso('created_at')}, ${iso('activated_at')} FROM customers WHERE id = ${id}`,
    ['phone', 'email', 'name', 'city', 'lang', 'b:notify_email', 'b:notify_sms', 'created_at', 'activated_at']);
  assert.deepEqual(doc.account, acct, 'account');
  assert.equal(doc.account.phone, cust.phone);

  const orders = rows(`SELECT id, order_no, ${iso('placed_at')}, ${iso('delivered_at')}, payment_method FROM orders WHERE customer_id = ${id} ORDER BY id`,
    ['i:id', 'order_no', 'placed_at', 'delivered_at', 'payment_method']);
  assert.equal(doc.orders.length, orders.length, 'orders');
  orders.forEach((o, i) => {
    const items = rows(`SELECT sku, name, category, qty, unit_price_fen, paid_fen FROM order_items WHERE order_id = ${o.id} ORDER BY id`,
      ['sku', 'name', 'category', 'i:qty', 'i:unit_price_fen', 'i:paid_fen']);
    const { id: _, ...want } = o;
    assert.deepEqual(doc.orders[i], { ...want, items }, `order ${o.order_no}`);
  });

  const cases = rows(`SELECT c.id, c.case_no, o.order_no, c.type, c.reason, c.description, c.amount_fen, c.state, c.channel, c.revision, ${iso('c.created_at')}, ${iso('c.updated_at')}
                      FROM cases c JOIN orders o ON o.id = c.order_id WHERE c.customer_id = ${id} ORDER BY c.id`,
    ['i:id', 'case_no', 'order_no', 'type', 'reason', 'description', 'i:amount_fen', 'state', 'channel', 'i:revision', 'created_at', 'updated_at']);
  assert.equal(doc.cases.length, cases.length, 'cases');
  assert.ok(cases.length >= 5, 'the request and the risk history');
  cases.forEach((cs, i) => {
    const got = doc.cases[i];
    const { id: caseId, ...want } = cs;
    for (const [k, v] of Object.entries(want)) assert.deepEqual(got[k], v, `case ${cs.case_no}.${k}`);
    assert.deepEqual(got.items, rows(`SELECT i.sku, i.name, x.qty FROM case_items x JOIN order_items i ON i.id = x.order_item_id WHERE x.case_id = ${caseId} ORDER BY i.id`, ['sku', 'name', 'i:qty']), 'items');
    assert.deepEqual(got.timeline, rows(`SELECT ${iso('at')}, CASE actor_kind WHEN 'c' THEN 'customer' WHEN 's' THEN 'staff' ELSE 'system' END, action, from_state, to_state, note FROM case_events WHERE case_id = ${caseId} ORDER BY id`,
      ['at', 'actor', 'action', 'from', 'to', 'note']), `timeline of ${cs.case_no}`);
    assert.deepEqual(got.messages, rows(`SELECT ${iso('m.created_at')}, IF(m.author_kind = 'c', 'customer', 'staff'), s.name, m.body, CONCAT('/attachments/', m.attachment_id)
                                         FROM messages m LEFT JOIN staff s ON m.author_kind = 's' AND s.id = m.author_id WHERE m.case_id = ${caseId} ORDER BY m.id`,
      ['at', 'from', 'staff_name', 'body', 'photo']), 'messages');
    assert.deepEqual(got.photos, rows(`SELECT CONCAT('/attachments/', id), filename, mime, size FROM attachments WHERE case_id = ${caseId} ORDER BY id`, ['url', 'filename', 'mime', 'i:size']), 'photos');
    assert.deepEqual(got.refunds, rows(`SELECT amount_fen, reference, ${iso('created_at')}, ${iso('failed_at')} FROM refunds WHERE case_id = ${caseId} ORDER BY id`, ['i:amount_fen', 'reference', 'created_at', 'failed_at']), 'refunds');
    const [survey] = rows(`SELECT ${iso('invited_at')}, ${iso('expires_at')}, ${iso('answered_at')}, attitude, speed, resolution, overall, recommend, comment FROM surveys WHERE case_id = ${caseId}`,
      ['invited_at', 'expires_at', 'answered_at', 'i:attitude', 'i:speed', 'i:resolution', 'i:overall', 'i:recommend', 'comment']);
    assert.deepEqual(got.survey, survey ?? null, 'survey');
  });
  const mine = doc.cases.find((x) => x.case_no === cust.caseNo);
  assert.equal(mine.photos.length, 2, 'the request photo and the message photo, as links');
  assert.equal(mine.messages.at(-1).body, '灯罩何时补发？');
  assert.match(mine.messages.at(-1).photo, /^\/attachments\/\d+$/);
  const photo = await c.get(mine.photos[0].url);
  assert.equal(photo.status, 200, 'a photo link opens for the customer');
  assert.deepEqual(doc.complaints, rows(`SELECT c.case_no, k.subject, k.body, ${iso('k.created_at')}, k.reply, ${iso('k.replied_at')},
      k.kind, k.category, k.status, k.resolution, k.compensation_fen, ${iso('k.resolved_at')}, ${iso('k.closed_at')}, ${iso('k.reopened_at')}, k.reopen_reason
      FROM complaints k LEFT JOIN cases c ON c.id = k.case_id WHERE k.customer_id = ${id} ORDER BY k.id`,
    ['case_no', 'subject', 'body', 'created_at', 'reply', 'replied_at', 'kind', 'category', 'status', 'resolution', 'i:compensation_fen',
      'resolved_at', 'closed_at', 'reopened_at', 'reopen_reason']), 'complaints');
  assert.equal(doc.complaints.length, 1);
  for (const role of ['agent', 'manager']) {
    const list = await (await staffAs(role)).get('/staff/complaints');
    assert.equal(list.status, 200);
    assert.ok(list.text.includes('等了很久'), `${role}: the complaint is listed`);
    assert.ok(!list.text.includes(cust.phone) && !list.text.includes(cust.email), `${role}: complaints list without contact details`);
  }

  // never: risk details, internal staff identities, password hashes
  for (const word of ['risk', 'score', 'password', 'session_epoch', '@demo.local', 'assignee', 'staff_id']) {
    assert.ok(!res.text.includes(word), `the export has no ${word}`);
  }
});

test('the export is only ever the signed-in customer\'s; signed out it is the sign-in page', async () => {
  const other = await freshCustomer('PIPO', ITEMS);
  const res = await other.client.get('/my/account/export');
  assert.equal(res.status, 200);
  const doc = JSON.parse(res.text);
  assert.equal(doc.account.phone, other.phone);
  assert.equal(doc.cases.length, 0);
  assert.deepEqual(doc.orders.map((o) => o.order_no), [other.orderNo]);
  assert.ok(!res.text.includes(cust.phone) && !res.text.includes(cust.caseNo), 'nothing of another customer');
  // no id in the path: extra query or path parts do not reach anyone else
  const withId = await other.client.get(`/my/account/export?customer_id=${cust.customerId}&phone=${cust.phone}`);
  assert.ok(!withId.text.includes(cust.phone), 'a customer_id in the query is ignored');
  assertErrorPage(await other.client.get(`/my/account/export/${cust.customerId}`), 404, 'an id in the path');
  assertRedirect(await new Client().get('/my/account/export'), /\/login/, 'signed out');
  const staff = await staffAs('manager');
  assertRedirect(await staff.get('/my/account/export'), /\/login/, 'staff are no customer');
});
