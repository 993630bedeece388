// notes.test.mjs — internal notes (POST /staff/cases/{no}/note, issue 14):
// shown on the staff case page and nowhere a customer or the shop's
// systems can read: the customer's pages and export, the mails and SMS
// the sinks received, the webhooks a real receiver got, the events feed,
// the case API and the outbox itself.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

import {
  VAR, addEndpoint, apiGet, assertErrorPage, assertRedirect, caseNoOf, caseRow, count, disableEndpoints,
  freshCustomer, lastEventId, mailOf, q, sql, staffAs, startReceiver, submitRequest, waitFor,
} from './lib.mjs';

const endpoints = [];
let rx;
after(async () => {
  disableEndpoints(endpoints);
  if (rx) await rx.close();
});

function sinkFiles(dir) {
  const d = `${VAR}/${dir}`;
  return existsSync(d) ? readdirSync(d).map((f) => readFileSync(`${d}/${f}`, 'latin1') + readFileSync(`${d}/${f}`, 'utf8')) : [];
}

test('a note is on the staff page and on no customer-facing output', async () => {
  rx = await startReceiver();
  const ep = await addEndpoint(rx.url('/hook'), '*');
  endpoints.push(ep.id);
  const since = lastEventId();

  const cust = await freshCustomer('NOTE', [
    { sku: 'EAR-01', name: '蓝牙耳机', category: 'electronics', qty: 1, unit_price_fen: 19900 },
  ], { email: `note-${randomBytes(4).toString('hex')}@example.com` });
  const { res } = await submitRequest(cust.client, cust.orderNo, {
    type: 'return_refund', reason: 'quality_defect', description: '左耳没声音', qty: { [cust.order.items[0].id]: 1 },
  });
  const caseNo = caseNoOf(res);
  const marker = 'NOTE' + randomBytes(6).toString('hex');
  const agent = await staffAs('agent');
  await agent.get(`/staff/cases/${caseNo}`);
  const versionBefore = caseRow(caseNo).version;
  const added = await agent.postForm(`/staff/cases/${caseNo}/note`, { csrf: agent.csrf, body: `${marker} 客户语气激动，先电话安抚` });
  assertRedirect(added, `/staff/cases/${caseNo}#notes`, 'the note is added');
  assert.equal(caseRow(caseNo).version, versionBefore, 'a note does not move the case version');
  assert.equal(count(`SELECT COUNT(*) FROM case_notes n JOIN cases c ON c.id = n.case_id WHERE c.case_no = ${q(caseNo)}`), 1);

  const page = await agent.get(`/staff/cases/${caseNo}`);
  const notes = /<section class="card" id="notes">([\s\S]*?)<\/section>/.exec(page.text);
  assert.ok(notes && notes[1].includes(marker), 'the staff case page shows the note in its notes section');
  const messages = /<section class="card" id="messages">([\s\S]*?)<\/section>/.exec(page.text);
  assert.ok(!messages[1].includes(marker), 'not among the messages');
  const warehouse = await staffAs('warehouse');
  assert.ok((await warehouse.get(`/staff/cases/${caseNo}`)).text.includes(marker), 'every member sees it');

  // Things happen after the note: a staff reply (mail to the customer), a
  // customer's message (message.created to the webhook), an approval.
  const reply = await agent.postForm(`/staff/cases/${caseNo}/message`, { csrf: agent.csrf, body: '您好，请寄回', version: caseRow(caseNo).version });
  assert.equal(reply.status, 303);
  await cust.client.get(`/my/requests/${caseNo}`);
  const msg = await cust.client.postForm(`/my/requests/${caseNo}/messages`, { csrf: cust.client.csrf, body: '好的' });
  assert.equal(msg.status, 303);
  await agent.get(`/staff/cases/${caseNo}`);
  assert.equal((await agent.postForm(`/staff/cases/${caseNo}/approve`, { csrf: agent.csrf, version: caseRow(caseNo).version })).status, 303);

  const caseId = sql(`SELECT id FROM cases WHERE case_no = ${q(caseNo)}`)[0][0];
  await waitFor(() => count(`SELECT COUNT(*) FROM outbox WHERE case_id = ${caseId} AND status <> 'sent'`) === 0
    && count(`SELECT COUNT(*) FROM outbox WHERE case_id = ${caseId}`) > 0, 'the case\'s outbox delivered');
  const hooks = rx.got.filter((r) => r.body.includes(caseNo));
  assert.ok(hooks.length >= 2, `the receiver got the case's webhooks (${hooks.length})`);
  assert.ok(hooks.every((r) => !r.body.includes(marker)), 'no webhook carries the note');

  assert.equal(count(`SELECT COUNT(*) FROM outbox WHERE CONCAT_WS(' ', data, body, recipient) LIKE ${q('%' + marker + '%')}`), 0, 'no outbox row');
  assert.equal(count(`SELECT COUNT(*) FROM events WHERE data LIKE ${q('%' + marker + '%')}`), 0, 'no event');
  assert.equal(count(`SELECT COUNT(*) FROM messages WHERE body LIKE ${q('%' + marker + '%')}`), 0, 'no message');
  assert.equal(count(`SELECT COUNT(*) FROM case_events WHERE note LIKE ${q('%' + marker + '%')}`), 0, 'not on the timeline');

  const keys = sql(`SELECT msg_key FROM outbox WHERE case_id = ${caseId} AND channel = 'email'`).map((r) => r[0]);
  assert.ok(keys.length >= 1, 'the customer was mailed (the staff reply)');
  for (const key of keys) {
    const m = await mailOf(key);
    assert.ok(!`${m.subject} ${m.text} ${m.html}`.includes(marker), `mail ${key} does not carry the note`);
  }
  assert.ok(sinkFiles('mail').every((m) => !m.includes(marker)), 'no mail in the sink carries the note');
  assert.ok(sinkFiles('sms').every((m) => !m.includes(marker)), 'no SMS carries the note');

  let cursor = String(since), feed = [];
  for (;;) {
    const r = await apiGet(`/api/v1/events?after=${encodeURIComponent(cursor)}`);
    assert.equal(r.status, 200);
    const j = JSON.parse(r.text);
    feed.push(r.text);
    if (!j.events.length || !j.next || j.next === cursor) break;
    cursor = j.next;
  }
  assert.ok(feed.join('').includes(caseNo), 'the feed has the case\'s events');
  assert.ok(!feed.join('').includes(marker), 'the events feed does not carry the note');
  const api = await apiGet(`/api/v1/cases/${caseNo}`);
  assert.equal(api.status, 200);
  assert.ok(!api.text.includes(marker), 'nor the case API');

  for (const path of [`/my/requests/${caseNo}`, '/my/requests', '/my/orders']) {
    const r = await cust.client.get(path);
    assert.equal(r.status, 200, path);
    assert.ok(!r.text.includes(marker), `the customer's ${path} does not show the note`);
  }
  // The customer's export (/my/account/export) carries no note either.
  const exp = await cust.client.get('/my/account/export');
  assert.equal(exp.status, 200, 'the export is there');
  assert.ok(exp.text.includes(cust.orderNo), 'and it is this customer\'s');
  assert.ok(!exp.text.includes(marker), 'the customer export does not carry the note');
});

test('a note on a case that does not exist is a 404; an empty one a 400; a customer cannot write one', async () => {
  const agent = await staffAs('agent');
  await agent.get('/staff/queue');
  const before = count('SELECT COUNT(*) FROM case_notes');
  assertErrorPage(await agent.postForm('/staff/cases/AS209901019999/note', { csrf: agent.csrf, body: 'x' }), 404, 'no such case');
  assertErrorPage(await agent.postForm(`/staff/cases/${encodeURIComponent("AS1' OR '1'='1")}/note`, { csrf: agent.csrf, body: 'x' }), 404, 'SQL as a case number');
  const any = sql("SELECT case_no FROM cases ORDER BY id DESC LIMIT 1")[0][0];
  assertErrorPage(await agent.postForm(`/staff/cases/${any}/note`, { csrf: agent.csrf, body: '' }), 400, 'empty');
  assertErrorPage(await agent.postForm(`/staff/cases/${any}/note`, { csrf: agent.csrf, body: 'x'.repeat(2001) }), 400, 'too long');
  assert.equal(count('SELECT COUNT(*) FROM case_notes'), before, 'nothing written');
});
