// staffnotify.test.mjs — staff are told by e-mail, from the outbox, in the
// transaction of the change (an assignment, a customer's message on an
// assigned case, a refund held for a manager), and the worker's periodic
// jobs (time limits at risk or breached, the managers' daily digest) run
// once per period across workers. Real parts: the stack's SMTP sink
// (var/test/mail/*.eml) parsed with mailparser (lib.mjs mailOf); SQL only reads the outbox
// and moves times in the database (timers, a job's last run), never fakes
// a delivery. Nothing sleeps for minutes, nothing asserts on time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

import {
  VAR, assertErrorPage, caseNoOf, caseRow, freshCustomer, giveRiskHistory, langStrings, mailOf, q,
  sql, staffAs, staffStep, submitRequest, waitFor,
} from './lib.mjs';

const ROOT = process.env.AFTERCARE_ROOT || new URL('../..', import.meta.url).pathname;

const L = langStrings('zh-CN');

const staffId = (role) => Number(sql(`SELECT id FROM staff WHERE email = ${q(`${role}@demo.local`)}`)[0][0]);
const staffEmail = (id) => sql(`SELECT email FROM staff WHERE id = ${id}`)[0][0];
const caseId = (caseNo) => Number(sql(`SELECT id FROM cases WHERE case_no = ${q(caseNo)}`)[0][0]);

/** The staff messages of a case (template, staff_id, key, data), oldest first. */
function staffRows(caseNo, template) {
  return sql(`SELECT o.msg_key, o.staff_id, o.recipient, o.data, o.customer_id IS NULL, o.lang, o.channel
              FROM outbox o JOIN cases c ON c.id = o.case_id
              WHERE c.case_no = ${q(caseNo)} AND o.template = ${q(template)} ORDER BY o.id`)
    .map(([key, staff, recipient, data, noCustomer, lang, channel]) =>
      ({ key, staff: Number(staff), recipient, data: JSON.parse(data), noCustomer: noCustomer === '1', lang, channel }));
}

/** A staff member's mail about a case: the link and the subject. */
async function assertStaffMail(row, caseNo, subjectKey) {
  assert.equal(row.channel, 'email');
  assert.ok(row.noCustomer, 'no customer on a staff message');
  assert.equal(row.lang, 'zh-CN');
  const m = await mailOf(row.key);
  assert.equal(m.to.value[0].address, row.recipient);
  assert.equal(m.subject, `${L[subjectKey]} ${caseNo}`, 'words and the case number only');
  assert.match(m.text, new RegExp(`https?://[^\\s/]+/staff/cases/${caseNo}\\b`), 'an absolute link to the staff page of the case');
  assert.ok(m.html.includes(`/staff/cases/${caseNo}"`), 'the link in the HTML part too');
  return m;
}

async function newCase(tag, { risk = 'low', amount = '30.00', unit = 39900 } = {}) {
  const cust = await freshCustomer(tag, [{ sku: 'KB-01', name: '键盘', category: 'electronics', qty: 1, unit_price_fen: unit }]);
  if (risk !== 'low') giveRiskHistory(cust.phone, risk);
  const { res } = await submitRequest(cust.client, cust.orderNo, {
    type: 'refund_only', reason: 'missing_parts', qty: { [cust.order.items[0].id]: 1 }, amount,
  });
  return { ...cust, caseNo: caseNoOf(res) };
}

// ------------------------------------------------------- the worker's jobs

const run = promisify(execFile);
/** One worker --once: runs the jobs due, delivers what is due, exits. */
const worker = () => run(join(ROOT, 'build/aftercare-notify'), ['--config', join(VAR, 'aftercare.conf'), '--once'], { cwd: ROOT });

function jobState(name) {
  const rows = sql(`SELECT runs, running_until IS NULL FROM jobs WHERE name = ${q(name)}`);
  return rows.length ? { runs: Number(rows[0][0]), idle: rows[0][1] === '1' } : { runs: 0, idle: true };
}

/** Makes job name due (its last run a day back), runs workers, and waits
 * until the job has run once more (whichever worker of the stack's or
 * these won it). Returns the number of runs it took (1 when locked). */
async function runJob(name, workers = 1) {
  const before = jobState(name).runs;
  sql(`UPDATE jobs SET last_run = last_run - INTERVAL 1 DAY WHERE name = ${q(name)}`);
  await Promise.all(Array.from({ length: workers }, worker));
  await waitFor(() => { const s = jobState(name); return s.runs > before && s.idle; }, `job ${name} ran`);
  return jobState(name).runs - before;
}

// ----------------------------------------------------------- the changes

test('an assignment tells the assignee by e-mail with the case link; a self-assignment tells no one', async () => {
  const { caseNo } = await newCase('SNA');
  const agent = staffId('agent');
  await staffStep('manager', caseNo, 'assign', { staff_id: String(agent) });
  const rows = staffRows(caseNo, 'staff_assigned');
  assert.equal(rows.length, 1, 'one message');
  assert.equal(rows[0].staff, agent);
  assert.equal(rows[0].recipient, staffEmail(agent));
  await assertStaffMail(rows[0], caseNo, 'mail_subject_staff_assigned');

  const other = await newCase('SNS');
  await staffStep('agent', other.caseNo, 'assign', { staff_id: String(agent) });
  assert.equal(sql(`SELECT assignee_id FROM cases WHERE case_no = ${q(other.caseNo)}`)[0][0], String(agent), 'assigned');
  assert.equal(staffRows(other.caseNo, 'staff_assigned').length, 0, 'no mail to oneself');
});

test('a refused step (409, rolled back) tells no staff member', async () => {
  const { caseNo } = await newCase('SNR');
  const m = await staffAs('manager');
  await m.get(`/staff/cases/${caseNo}`);
  const stale = caseRow(caseNo).version + 5;
  const res = await m.postForm(`/staff/cases/${caseNo}/assign`, { csrf: m.csrf, version: stale, staff_id: String(staffId('agent')) });
  assertErrorPage(res, 409, 'a stale version');
  assert.equal(sql(`SELECT assignee_id IS NULL FROM cases WHERE case_no = ${q(caseNo)}`)[0][0], '1', 'not assigned');
  assert.equal(staffRows(caseNo, 'staff_assigned').length, 0, 'no message');
});

test('a customer\'s message on an assigned case tells the assignee; on an unassigned one nobody', async () => {
  const c = await newCase('SNM');
  const res0 = await c.client.postMultipart(`/my/requests/${c.caseNo}/messages`, [['csrf', c.client.csrf], ['body', '没人回复吗？']]);
  assert.ok(res0.status < 400, `the unassigned case's message: ${res0.status}`);
  assert.equal(staffRows(c.caseNo, 'staff_reply').length, 0, 'no assignee, no staff mail');

  const agent = staffId('agent');
  await staffStep('manager', c.caseNo, 'assign', { staff_id: String(agent) });
  const res = await c.client.postMultipart(`/my/requests/${c.caseNo}/messages`, [['csrf', c.client.csrf], ['body', '请尽快处理 <b>谢谢</b>']]);
  assert.ok(res.status < 400, `the message: ${res.status}`);
  const rows = staffRows(c.caseNo, 'staff_reply');
  assert.equal(rows.length, 1);
  assert.equal(rows[0].staff, agent);
  const m = await assertStaffMail(rows[0], c.caseNo, 'mail_subject_staff_reply');
  assert.ok(m.text.includes('请尽快处理 <b>谢谢</b>'), 'the customer\'s words in the text part');
  assert.ok(m.html.includes('&lt;b&gt;谢谢&lt;/b&gt;'), 'escaped in the HTML part');
  assert.ok(!/谢谢|请尽快/.test(m.raw.slice(0, m.raw.indexOf('\r\n\r\n'))), 'nothing of it in a header');
});

test('a refund held for a manager tells every active manager', async () => {
  const big = await newCase('SNH', { risk: 'high', amount: '800.00', unit: 259900 });
  await staffStep('agent', big.caseNo, 'approve');
  await staffStep('finance', big.caseNo, 'refund', { amount: '800.00', reference: 'PAY-SNH' });
  assert.equal(caseRow(big.caseNo).state, 'refund_approval');
  const managers = sql(`SELECT id FROM staff WHERE disabled = 0 AND email <> '' AND (roles & 32) <> 0 ORDER BY id`).map(([id]) => Number(id));
  assert.ok(managers.length >= 1);
  const rows = staffRows(big.caseNo, 'staff_approval');
  assert.deepEqual(rows.map((r) => r.staff).sort((a, b) => a - b), managers, 'one message per active manager');
  for (const r of rows) {
    const m = await assertStaffMail(r, big.caseNo, 'mail_subject_staff_approval');
    assert.ok(m.text.includes('800.00'), 'the amount waiting');
  }
});

// ---------------------------------------------------------------- jobs

test('the time-limit job: one mail per crossing (at risk, then breached) to the assignee, none repeated', async () => {
  const { caseNo } = await newCase('SNT');
  const agent = staffId('agent');
  await staffStep('manager', caseNo, 'assign', { staff_id: String(agent) });
  const id = caseId(caseNo);
  const timers = sql(`SELECT timer FROM case_timers WHERE case_id = ${id} AND stopped_at IS NULL ORDER BY timer`).map(([t]) => t);
  assert.ok(timers.length >= 1, 'a running time limit');
  const [timer] = timers;
  // the others far away; this one 90 % used (at risk by the queue's 80 % rule)
  sql(`UPDATE case_timers SET started_at = UTC_TIMESTAMP(), due_at = UTC_TIMESTAMP() + INTERVAL 30 DAY
       WHERE case_id = ${id} AND stopped_at IS NULL AND timer <> ${q(timer)};
       UPDATE case_timers SET started_at = UTC_TIMESTAMP() - INTERVAL 90 MINUTE, due_at = UTC_TIMESTAMP() + INTERVAL 10 MINUTE
       WHERE case_id = ${id} AND timer = ${q(timer)}`);
  await runJob('sla_alerts');
  let rows = staffRows(caseNo, 'staff_sla');
  assert.equal(rows.length, 1, 'one mail for the crossing into at risk');
  assert.equal(rows[0].staff, agent, 'to the assignee');
  assert.equal(rows[0].data.level, 'at_risk');
  assert.equal(rows[0].data.timer, timer);
  await assertStaffMail(rows[0], caseNo, 'mail_subject_staff_sla_at_risk');

  await runJob('sla_alerts');
  assert.equal(staffRows(caseNo, 'staff_sla').length, 1, 'the next run repeats nothing');

  sql(`UPDATE case_timers SET due_at = UTC_TIMESTAMP() - INTERVAL 1 MINUTE WHERE case_id = ${id} AND timer = ${q(timer)}`);
  await runJob('sla_alerts');
  rows = staffRows(caseNo, 'staff_sla');
  assert.equal(rows.length, 2, 'one more for the breach');
  assert.equal(rows[1].data.level, 'breached');
  await assertStaffMail(rows[1], caseNo, 'mail_subject_staff_sla_breached');

  await runJob('sla_alerts');
  assert.equal(staffRows(caseNo, 'staff_sla').length, 2, 'nothing twice');
});

test('the time-limit job tells the agents about a case nobody is assigned', async () => {
  const { caseNo } = await newCase('SNU');
  const id = caseId(caseNo);
  sql(`UPDATE case_timers SET started_at = UTC_TIMESTAMP() - INTERVAL 2 HOUR, due_at = UTC_TIMESTAMP() - INTERVAL 1 MINUTE
       WHERE case_id = ${id} AND stopped_at IS NULL`);
  const timers = Number(sql(`SELECT COUNT(*) FROM case_timers WHERE case_id = ${id} AND stopped_at IS NULL`)[0][0]);
  await runJob('sla_alerts');
  const agents = sql(`SELECT id FROM staff WHERE disabled = 0 AND email <> '' AND (roles & 1) <> 0 ORDER BY id`).map(([x]) => Number(x));
  const rows = staffRows(caseNo, 'staff_sla');
  assert.equal(rows.length, agents.length * timers, 'one per agent (and per timer due at that time)');
  assert.deepEqual([...new Set(rows.map((r) => r.staff))].sort((a, b) => a - b), agents);
  assert.ok(rows.every((r) => r.data.level === 'breached'));
});

/** The shop day the digest covers: the day before the latest 08:00 Shanghai. */
function digestDay() {
  const local = new Date(Date.now() + 8 * 3600e3);
  if (local.getUTCHours() < 8) local.setUTCDate(local.getUTCDate() - 1);
  local.setUTCDate(local.getUTCDate() - 1);
  return local.toISOString().slice(0, 10);
}

test('the managers\' digest: yesterday\'s figures, one per active manager; two workers at once run it once', async () => {
  // something happened that day: a case created at its noon
  const day = digestDay();
  const { caseNo } = await newCase('SND');
  const noon = `CONVERT_TZ(${q(`${day} 12:00:00`)}, '+08:00', '+00:00')`;
  sql(`UPDATE cases SET created_at = ${noon} WHERE case_no = ${q(caseNo)}`);

  const managers = sql(`SELECT id FROM staff WHERE disabled = 0 AND email <> '' AND (roles & 32) <> 0 ORDER BY id`).map(([id]) => Number(id));
  if (!sql(`SELECT 1 FROM jobs WHERE name = 'manager_digest'`).length) await worker(); // the row exists once any worker looked
  const last = Number(sql(`SELECT COALESCE(MAX(id), 0) FROM outbox`)[0][0]);
  const runs = await runJob('manager_digest', 2);
  assert.equal(runs, 1, 'two workers (and the stack\'s) at once: the job ran once');

  const from = `CONVERT_TZ(${q(`${day} 00:00:00`)}, '+08:00', '+00:00')`;
  const to = `${from} + INTERVAL 1 DAY`;
  const [created, completed, refunds, breached] = sql(`SELECT
      (SELECT COUNT(*) FROM cases WHERE created_at >= ${from} AND created_at < ${to}),
      (SELECT COUNT(DISTINCT case_id) FROM case_events WHERE to_state = 'completed' AND at >= ${from} AND at < ${to}),
      (SELECT COALESCE(SUM(amount_fen), 0) FROM refunds WHERE created_at >= ${from} AND created_at < ${to}),
      (SELECT COUNT(*) FROM case_timers WHERE due_at >= ${from} AND due_at < ${to} AND (stopped_at IS NULL OR stopped_at > due_at))`)[0].map(Number);
  assert.ok(created >= 1, 'the moved case counts');

  const rows = sql(`SELECT msg_key, staff_id, data FROM outbox WHERE template = 'staff_digest' AND id > ${last} ORDER BY staff_id`)
    .map(([key, staff, data]) => ({ key, staff: Number(staff), data: JSON.parse(data) }));
  assert.deepEqual(rows.map((r) => r.staff), managers, 'one digest per active manager, once');
  for (const r of rows) {
    assert.equal(r.data.day, day);
    assert.deepEqual([r.data.created, r.data.completed, r.data.refunds_fen, r.data.breached], [created, completed, refunds, breached]);
    assert.equal(typeof r.data.at_risk, 'number');
    const m = await mailOf(r.key);
    assert.equal(m.subject, L.mail_subject_staff_digest, 'a fixed subject');
    assert.ok(m.text.includes(`${L.mail_staff_digest_created} ${created}`), 'new cases in the text');
    assert.ok(m.text.includes(`${L.mail_staff_digest_refunds} ${(refunds / 100).toFixed(2)}`), 'the refunds total in yuan');
    assert.match(m.text, /https?:\/\/[^\s/]+\/staff\/queue/, 'a link to the queue');
  }
});
