// complaints.test.mjs — a complaint to the end (issue 15): a category,
// received → handling (the first reply) → resolved (resolution, any
// compensation; the customer is told) → closed (the customer confirms, or
// the hourly job closes a resolution left unanswered); reopened once with
// a reason (the member who resolved it is told); the overdue in a view of
// their own and on the dashboard; praise credited to the member on the
// performance page and never counted as a complaint. Every figure is
// worked out from the rows this file writes; due times are moved in the
// database, never waited for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

import {
  ROOT, VAR, assertErrorPage, mailOf, assertRedirect, caseNoOf, count, fieldErrors, freshCustomer, q, sql,
  staffAs, staffStep, submitRequest, waitFor,
} from './lib.mjs';

const run = promisify(execFile);

/** A customer with a refund-only case the agent approved (so the case has a handler). */
async function customerWithCase(tag) {
  const cust = await freshCustomer(tag, [{ sku: `${tag}-1`, name: '台灯', category: 'appliance', qty: 1, unit_price_fen: 9900 }],
    { email: `${tag.toLowerCase()}${Date.now()}@example.com` });
  const { res } = await submitRequest(cust.client, cust.orderNo, {
    type: 'refund_only', reason: 'other', qty: { [cust.order.items[0].id]: 1 }, amount: '5.00',
  });
  const caseNo = caseNoOf(res);
  await staffStep('agent', caseNo, 'approve');
  return { ...cust, caseNo };
}

async function file(c, fields) {
  const res = await c.postForm('/my/complaints', { csrf: c.csrf, ...fields });
  return Number(assertRedirect(res, /^\/my\/complaints#complaint-\d+$/).split('-').pop());
}

function row(id) {
  const [[status, category, kind, reply, resolution, comp, closedBy, reopened, reason, due]] = sql(
    `SELECT status, category, kind, COALESCE(reply, ''), COALESCE(resolution, ''), COALESCE(compensation_fen, -1),
            COALESCE(closed_by, ''), reopened_at IS NOT NULL, COALESCE(reopen_reason, ''),
            TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), due_at) FROM complaints WHERE id = ${id}`);
  return { status, category, kind, reply, resolution, comp: Number(comp), closedBy, reopened: reopened === '1', reason, dueIn: Number(due) };
}

/** The customer's messages of one template, in the outbox. */
const outboxOf = (customerEmail, tmpl) =>
  count(`SELECT COUNT(*) FROM outbox WHERE recipient = ${q(customerEmail)} AND template = ${q(tmpl)}`);

test('a complaint to the end: category, reply, resolution with compensation, the customer confirms', async () => {
  const cust = await customerWithCase('CPL');
  const c = cust.client;
  await c.get('/my/complaints');
  for (const [fields, field] of [[{ kind: 'moan' }, 'kind'], [{ category: 'weather' }, 'category']]) {
    const bad = await c.postForm('/my/complaints', { csrf: c.csrf, subject: '慢', body: '太慢', ...fields });
    assert.equal(bad.status, 400, field);
    assert.deepEqual(Object.keys(fieldErrors(bad.text)), [field]);
  }
  const customerId = sql(`SELECT id FROM customers WHERE phone = ${q(cust.phone)}`)[0][0];
  assert.equal(count(`SELECT COUNT(*) FROM complaints WHERE customer_id = ${customerId}`), 0, 'refusals stored nothing');

  const id = await file(c, { subject: '物流太慢', body: '一周还没到', category: 'logistics', case_no: cust.caseNo });
  let r = row(id);
  assert.deepEqual([r.status, r.category, r.kind], ['received', 'logistics', 'complaint']);

  const agent = await staffAs('agent');
  assertRedirect(await agent.postForm(`/staff/complaints/${id}/reply`, { csrf: agent.csrf, body: '正在催快递' }), `/staff/complaints#complaint-${id}`);
  const before = r.dueIn;
  r = row(id);
  assert.equal(r.status, 'handling');
  assert.ok(r.dueIn > before, 'the limit moves on to the resolution');
  const open = await agent.get('/staff/complaints');
  assert.match(open.text, new RegExp(`id="complaint-${id}"[^>]*data-status="handling"`), 'still open while being handled');

  for (const compensation of ['abc', '-1', '100000.01', '1.234']) {
    assertErrorPage(await agent.postForm(`/staff/complaints/${id}/resolve`, { csrf: agent.csrf, resolution: '补发', compensation }), 400, compensation);
  }
  assertErrorPage(await agent.postForm(`/staff/complaints/${id}/resolve`, { csrf: agent.csrf, resolution: '' }), 400, 'no resolution');
  assert.equal(row(id).status, 'handling', 'refusals changed nothing');

  assertRedirect(await agent.postForm(`/staff/complaints/${id}/resolve`, { csrf: agent.csrf, resolution: '已补发，并补偿运费', compensation: '20.50' }),
    `/staff/complaints?show=all#complaint-${id}`);
  r = row(id);
  assert.deepEqual([r.status, r.resolution, r.comp], ['resolved', '已补发，并补偿运费', 2050]);
  assert.ok(r.dueIn > 6 * 86400 && r.dueIn <= 7 * 86400, `closes by itself in 7 days (${r.dueIn} s)`);
  assertErrorPage(await agent.postForm(`/staff/complaints/${id}/resolve`, { csrf: agent.csrf, resolution: '再来' }), 409, 'resolved once');
  assert.equal(outboxOf(cust.email, 'complaint_resolved'), 1, 'the customer is told, once');
  const [[key]] = sql(`SELECT msg_key FROM outbox WHERE recipient = ${q(cust.email)} AND template = 'complaint_resolved'`);
  const mail = await mailOf(key);
  assert.ok(mail.text.includes('已补发，并补偿运费') && mail.text.includes('20.50'), 'the mail carries the resolution and the compensation');
  assert.ok(mail.html.includes('/my/complaints'), 'and links to the complaints');
  const [[evData]] = sql(`SELECT data FROM events WHERE type = 'complaint.resolved' ORDER BY id DESC LIMIT 1`);
  assert.equal(JSON.parse(evData).amount_fen, 2050, 'the shop hears of it with the compensation in fen');
  assert.equal(JSON.parse(evData).case_no, cust.caseNo);

  const mine = await c.get('/my/complaints');
  assert.match(mine.text, new RegExp(`id="complaint-${id}"[^>]*data-status="resolved"`));
  assert.ok(mine.text.includes('已补发，并补偿运费') && mine.text.includes('¥20.50'), 'the customer reads the resolution and the compensation');
  assert.ok(mine.text.includes(`action="/my/complaints/${id}/confirm"`), 'and may confirm it');

  const other = await freshCustomer('CPLX', [{ sku: 'X-1', name: '杯子', category: 'other', qty: 1, unit_price_fen: 900 }]);
  await other.client.get('/my/complaints');
  assertErrorPage(await other.client.postForm(`/my/complaints/${id}/confirm`, { csrf: other.client.csrf }), 404, 'another customer');
  assertRedirect(await c.postForm(`/my/complaints/${id}/confirm`, { csrf: c.csrf }), `/my/complaints#complaint-${id}`);
  r = row(id);
  assert.deepEqual([r.status, r.closedBy], ['closed', 'customer']);
  assertErrorPage(await c.postForm(`/my/complaints/${id}/confirm`, { csrf: c.csrf }), 409, 'confirmed once');
});

test('reopened once with a reason: back to handling, the member who resolved it is told; a second reopening is refused', async () => {
  const cust = await customerWithCase('CPR');
  const c = cust.client;
  await c.get('/my/complaints');
  const id = await file(c, { subject: '态度差', body: '客服不耐烦', category: 'attitude' });
  assertErrorPage(await c.postForm(`/my/complaints/${id}/reopen`, { csrf: c.csrf, reason: '没解决' }), 409, 'nothing to reopen yet');
  const agent = await staffAs('agent');
  await agent.postForm(`/staff/complaints/${id}/resolve`, { csrf: agent.csrf, resolution: '已批评教育' });
  assert.equal(row(id).comp, -1, 'no compensation');
  assert.equal(row(id).status, 'resolved', 'a resolution without a reply is the first response too');
  assert.equal(count(`SELECT COUNT(*) FROM complaints WHERE id = ${id} AND replied_at IS NOT NULL`), 1);

  assertErrorPage(await c.postForm(`/my/complaints/${id}/reopen`, { csrf: c.csrf, reason: '' }), 400, 'no reason');
  assert.equal(row(id).status, 'resolved', 'nothing changed');
  const [[agentId, agentEmail]] = sql(`SELECT id, email FROM staff WHERE email = 'agent@demo.local'`);
  const staffMails = () => count(`SELECT COUNT(*) FROM outbox WHERE template = 'staff_complaint_reopened' AND recipient = ${q(agentEmail)}`);
  const mailsBefore = staffMails();
  assertRedirect(await c.postForm(`/my/complaints/${id}/reopen`, { csrf: c.csrf, reason: '还是没人道歉' }), `/my/complaints#complaint-${id}`);
  const r = row(id);
  assert.deepEqual([r.status, r.reopened, r.reason], ['handling', true, '还是没人道歉']);
  assert.ok(r.dueIn > 0, 'with a new limit');
  assert.equal(staffMails(), mailsBefore + 1, 'the member who resolved it is told');
  assert.equal(count(`SELECT COUNT(*) FROM complaints WHERE id = ${id} AND resolved_by = ${agentId}`), 1);

  await agent.postForm(`/staff/complaints/${id}/resolve`, { csrf: agent.csrf, resolution: '经理已致歉' });
  const page = await c.get('/my/complaints');
  assert.ok(!page.text.includes(`action="/my/complaints/${id}/reopen"`), 'no second reopening offered');
  assertErrorPage(await c.postForm(`/my/complaints/${id}/reopen`, { csrf: c.csrf, reason: '再来' }), 409, 'reopened once only');
  assert.equal(row(id).status, 'resolved');
});

test('the overdue view and the dashboard count complaints past their limit; a resolution left unanswered closes by the hourly job', async () => {
  const cust = await customerWithCase('CPO');
  const c = cust.client;
  await c.get('/my/complaints');
  const m = await staffAs('manager');
  const overdueOnDashboard = async () =>
    Number((await m.get('/staff/dashboard')).text.match(/id="complaints-overdue" data-value="(\d+)"/)[1]);
  const base = await overdueOnDashboard();
  const late1 = await file(c, { subject: '超时一', body: 'a' });
  const late2 = await file(c, { subject: '超时二', body: 'b' });
  const fresh = await file(c, { subject: '刚提交', body: 'c' });
  sql(`UPDATE complaints SET due_at = UTC_TIMESTAMP() - INTERVAL 1 HOUR WHERE id IN (${late1}, ${late2})`);
  assert.equal(await overdueOnDashboard(), base + 2, 'two more past their limit');
  const view = await m.get('/staff/complaints?show=overdue');
  for (const id of [late1, late2]) assert.ok(view.text.includes(`id="complaint-${id}"`), `${id} is overdue`);
  assert.ok(!view.text.includes(`id="complaint-${fresh}"`), 'a complaint within its limit is not');
  assert.match(view.text, new RegExp(`id="complaint-${late1}"[\\s\\S]*?data-sla="breached"`));
  const agent = await staffAs('agent');
  await agent.postForm(`/staff/complaints/${late1}/resolve`, { csrf: agent.csrf, resolution: '已处理' });
  assert.equal(await overdueOnDashboard(), base + 1, 'a resolved one is no longer overdue');

  // the customer never answers: the resolution's days pass
  sql(`UPDATE complaints SET due_at = UTC_TIMESTAMP() - INTERVAL 1 MINUTE WHERE id = ${late1}`);
  const runs = () => Number(sql(`SELECT COALESCE(MAX(runs), 0) FROM jobs WHERE name = 'complaints_close'`)[0][0]);
  const before = runs();
  sql(`UPDATE jobs SET last_run = last_run - INTERVAL 1 DAY WHERE name = 'complaints_close'`);
  await run(join(ROOT, 'build/aftercare-notify'), ['--config', join(VAR, 'aftercare.conf'), '--once'], { cwd: ROOT });
  await waitFor(() => runs() > before || row(late1).status === 'closed', 'the closing job ran');
  await waitFor(() => row(late1).status === 'closed' || null, 'closed by the job');
  assert.equal(row(late1).closedBy, 'timeout');
  assert.equal(row(late2).status, 'received', 'an open complaint is never closed by the job');
  assertErrorPage(await agent.get('/staff/complaints?show=late'), 400, 'a view that does not exist');
});

test('praise credits the member on the performance page and is never a complaint', async () => {
  const cust = await customerWithCase('CPP');
  const c = cust.client;
  await c.get('/my/complaints');
  const [[agentId]] = sql(`SELECT id FROM staff WHERE email = 'agent@demo.local'`);
  const m = await staffAs('manager');
  const figures = async () => {
    const perf = (await m.get('/staff/performance')).text;
    const dash = (await m.get('/staff/dashboard')).text;
    const v = (html, id) => Number(html.match(new RegExp(`id="f-${id}" data-value="([^"]*)"`))[1] || 0);
    return { praise: v(perf, `${agentId}:praise`), complaints: v(dash, 'complaints') };
  };
  const before = await figures();
  const id = await file(c, { kind: 'praise', subject: '小王很耐心', body: '谢谢', case_no: cust.caseNo });
  const r = row(id);
  assert.deepEqual([r.kind, r.status], ['praise', 'closed'], 'praise has no steps');
  assert.equal(count(`SELECT COUNT(*) FROM complaints WHERE id = ${id} AND staff_id = ${agentId}`), 1, 'it names the case\'s handler');
  let after = await figures();
  assert.equal(after.praise, before.praise + 1, 'the member\'s praise');
  assert.equal(after.complaints, before.complaints, 'not a complaint');
  assert.equal(count(`SELECT COUNT(*) FROM events WHERE type = 'complaint.created' AND case_no = ${q(cust.caseNo)}`), 0, 'no complaint event');
  const open = await m.get('/staff/complaints');
  assert.ok(!open.text.includes(`id="complaint-${id}"`), 'praise is not in the open list');
  assert.match((await m.get('/staff/complaints?show=all')).text, new RegExp(`id="complaint-${id}"[^>]*data-kind="praise"`));
  assertErrorPage(await m.postForm(`/staff/complaints/${id}/reply`, { csrf: m.csrf, body: '谢谢' }), 409, 'praise takes no reply');

  await file(c, { subject: '退款慢', body: 'x', case_no: cust.caseNo, category: 'delay' });
  after = await figures();
  assert.equal(after.complaints, before.complaints + 1, 'a complaint counts');
});
