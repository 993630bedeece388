// policies.test.mjs — the time limits as policies (issue 15): a change
// applies to the cases opened after it and not to those opened before (due
// times worked out here from the business calendar, as the C does), a case
// marked complex gets the longer response limit, every kind of settings
// change leaves one audit row with only the changed keys before and after,
// and bad limits are refused with nothing changed.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';

import {
  addEndpoint, assertRedirect, count, disableEndpoints, fieldErrors, langStrings, q, refundOnlyCase, sql,
  staffAs, staffStep, stripTags,
} from './lib.mjs';

const H = 3600;
const D = 86400;
const OFF = 8 * H; // Asia/Shanghai
const EN = langStrings('en');
const DEFAULTS = {
  sla_response_policy: 'working', sla_first_response_hours: '2', sla_ordinary_hours: '24', sla_complex_hours: '48',
  sla_review_days: '3', sla_payout_days: '5', sla_handling_hours: '24', sla_followup_hours: '48',
  sla_complaint_days: '1', sla_credit_days: '3',
};

// ------------------------------------------------------------ the calendar

function overrides() {
  return new Map(sql(`SELECT DATE_FORMAT(day, '%Y-%m-%d'), working FROM calendar_overrides`));
}
const dayStart = (t) => t - ((t + OFF) % D);
function isWorking(ov, t) {
  const day = new Date((t + OFF) * 1000).toISOString().slice(0, 10);
  if (ov.has(day)) return ov.get(day) === '1';
  const dow = new Date((t + OFF) * 1000).getUTCDay();
  return dow !== 0 && dow !== 6;
}
/** 18:00 of the n-th working day after start's date (calendar.h). */
function addWorkingDays(ov, start, n) {
  let d = dayStart(start);
  for (let k = 0; k < n;) {
    d += D;
    if (isWorking(ov, d)) k++;
  }
  return d + 18 * H;
}
/** start + secs of working time, 09:00–18:00 on working days. */
function addWorkingSeconds(ov, start, secs) {
  let t = start;
  let left = secs;
  for (;;) {
    const ds = dayStart(t);
    if (isWorking(ov, ds)) {
      const from = Math.max(t, ds + 9 * H);
      const close = ds + 18 * H;
      if (from < close) {
        if (left <= close - from) return from + left;
        left -= close - from;
      }
    }
    t = ds + D;
  }
}

/** A case's timers: { name: { start, due, running } } in Unix seconds. */
function timers(caseNo) {
  const out = {};
  for (const [name, start, due, running] of sql(`SELECT t.timer, TIMESTAMPDIFF(SECOND, '1970-01-01', t.started_at),
      TIMESTAMPDIFF(SECOND, '1970-01-01', t.due_at), t.stopped_at IS NULL FROM case_timers t
      JOIN cases c ON c.id = t.case_id WHERE c.case_no = ${q(caseNo)}`)) {
    out[name] = { start: Number(start), due: Number(due), running: running === '1' };
  }
  return out;
}

// ------------------------------------------------------------ the form

/** Every field of the policies page as the page shows it. */
function policyForm(html) {
  const fields = {};
  for (const m of html.matchAll(/<input\b[^>]*>/g)) {
    const tag = m[0];
    const name = /\sname="([^"]*)"/.exec(tag)?.[1];
    if (!name || name === 'csrf') continue;
    if (/type="checkbox"/.test(tag)) {
      if (/\schecked/.test(tag)) fields[name] = '1';
    } else {
      fields[name] = (/\svalue="([^"]*)"/.exec(tag)?.[1] ?? '').replace(/&amp;/g, '&');
    }
  }
  for (const m of html.matchAll(/<select\b[^>]*\sname="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const sel = /<option value="([^"]*)" selected>/.exec(m[2]) ?? /<option value="([^"]*)"/.exec(m[2]);
    fields[m[1]] = sel[1];
  }
  return fields;
}

async function savePolicies(changes) {
  const mgr = await staffAs('manager');
  const page = await mgr.get('/staff/admin/policies');
  assert.equal(page.status, 200);
  const res = await mgr.postForm('/staff/admin/policies', { ...policyForm(page.text), csrf: mgr.csrf, ...changes });
  return res;
}

function setting(name) {
  return sql(`SELECT value FROM settings WHERE name = ${q(name)}`)[0][0];
}
const managerId = () => Number(sql(`SELECT id FROM staff WHERE email = 'manager@demo.local'`)[0][0]);
const lastAuditId = () => Number(sql('SELECT COALESCE(MAX(id), 0) FROM audit_log')[0][0]);
/** The audit rows of action written after id, by the demo manager. */
function auditRows(action, afterId, staffId = managerId()) {
  return sql(`SELECT note FROM audit_log WHERE id > ${afterId} AND action = ${q(action)} AND staff_id = ${staffId} ORDER BY id`)
    .map(([note]) => note);
}
const limitsGen = (caseNo) => Number(sql(`SELECT limits_gen FROM cases WHERE case_no = ${q(caseNo)}`)[0][0]);

// Whatever a test changed, the defaults are back through the page (a new
// generation of the defaults for the cases later suites open).
after(async () => {
  const now = Object.fromEntries(Object.keys(DEFAULTS).map((k) => [k, setting(k)]));
  if (JSON.stringify(now) !== JSON.stringify(DEFAULTS)) assertRedirect(await savePolicies(DEFAULTS), '/staff/admin/policies?saved=1');
});

// ------------------------------------------------------------ tests

test('the policies page shows the time limits with their defaults', async () => {
  const mgr = await staffAs('manager');
  const form = policyForm((await mgr.get('/staff/admin/policies')).text);
  for (const [k, v] of Object.entries(DEFAULTS)) {
    assert.equal(form[k], setting(k), `${k} as stored`);
    assert.equal(setting(k), v, `${k} has its default`);
  }
});

test('a changed limit applies to the case opened after it, not to the one opened before, on every later step too', async () => {
  const before = await refundOnlyCase('PLA');
  const ov = overrides();
  let a = timers(before.caseNo);
  assert.equal(a.first_response.due, addWorkingSeconds(ov, a.first_response.start, 2 * H), 'A: 2 working hours');
  assert.equal(a.review.due, addWorkingDays(ov, a.review.start, 3), 'A: review in 3 working days');

  const mark = lastAuditId();
  assertRedirect(await savePolicies({
    sla_first_response_hours: '5', sla_review_days: '7', sla_payout_days: '9', sla_followup_hours: '30',
  }), '/staff/admin/policies?saved=1');
  try {
    // One audit row, the changed keys only, before and after.
    const notes = auditRows('policies', mark);
    assert.equal(notes.length, 1, 'one audit row for the save');
    for (const change of ['sla_first_response_hours: 2 → 5', 'sla_review_days: 3 → 7', 'sla_payout_days: 5 → 9', 'sla_followup_hours: 48 → 30']) {
      assert.ok(notes[0].includes(change), `the audit row has "${change}" (${notes[0]})`);
    }
    assert.ok(!/no_reason_days|sla_handling_hours|refund_approval_fen/.test(notes[0]), `unchanged keys are left out (${notes[0]})`);
    const trail = await (await staffAs('manager')).get(`/staff/audit?staff_id=${managerId()}`);
    assert.ok(trail.text.includes('sla_review_days: 3 → 7'), 'the audit page shows it');
    assert.ok(trail.text.includes(EN.action_policies) || trail.text.includes('修改设置'), 'with its label');

    const opened = await refundOnlyCase('PLB');
    assert.ok(limitsGen(opened.caseNo) > limitsGen(before.caseNo), 'the new case keeps a newer generation');
    const b = timers(opened.caseNo);
    assert.equal(b.first_response.due, addWorkingSeconds(ov, b.first_response.start, 5 * H), 'B: 5 working hours');
    assert.equal(b.review.due, addWorkingDays(ov, b.review.start, 7), 'B: review in 7 working days');
    assert.deepEqual(timers(before.caseNo), a, 'A is as it was');

    // Later steps of each case use the limits it was opened under.
    for (const c of [before, opened]) {
      await staffStep('agent', c.caseNo, 'approve');
      await staffStep('finance', c.caseNo, 'refund', { amount: '30.00', reference: `PAY-${c.caseNo}` });
      await staffStep('finance', c.caseNo, 'complete');
    }
    a = timers(before.caseNo);
    const b2 = timers(opened.caseNo);
    assert.equal(a.payout.due, addWorkingDays(ov, a.payout.start, 5), 'A: payout in 5 working days');
    assert.equal(b2.payout.due, addWorkingDays(ov, b2.payout.start, 9), 'B: payout in 9 working days');
    assert.equal(a.followup.due, a.followup.start + 48 * H, 'A: follow-up in 48 h');
    assert.equal(b2.followup.due, b2.followup.start + 30 * H, 'B: follow-up in 30 h');
  } finally {
    assertRedirect(await savePolicies(DEFAULTS), '/staff/admin/policies?saved=1');
  }
  const again = await refundOnlyCase('PLC');
  const c = timers(again.caseNo);
  assert.equal(c.review.due, addWorkingDays(overrides(), c.review.start, 3), 'back to the default for the next case');
});

test('seed 001: an ordinary question 24 h, a case marked complex 48 h; marking is no response and is audited once', async () => {
  assertRedirect(await savePolicies({ sla_response_policy: 'clock' }), '/staff/admin/policies?saved=1');
  try {
    assert.equal(setting('sla_response_policy'), 'clock');
    const c = await refundOnlyCase('PLX');
    let t = timers(c.caseNo);
    assert.equal(t.first_response.due, t.first_response.start + 24 * H, 'ordinary: 24 h');

    const agent = await staffAs('agent');
    const page = await agent.get(`/staff/cases/${c.caseNo}`);
    assert.match(page.text, /id="complex-form"/, 'the agent has the button');
    const mark = lastAuditId();
    const agentId = Number(sql(`SELECT id FROM staff WHERE email = 'agent@demo.local'`)[0][0]);
    assertRedirect(await agent.postForm(`/staff/cases/${c.caseNo}/complex`, { csrf: agent.csrf }), `/staff/cases/${c.caseNo}#complex`);
    t = timers(c.caseNo);
    assert.equal(t.first_response.due, t.first_response.start + 48 * H, 'complex: 48 h from the submission');
    assert.ok(t.first_response.running, 'marking it complex is not the first response');
    assert.equal(sql(`SELECT complex FROM cases WHERE case_no = ${q(c.caseNo)}`)[0][0], '1');
    const [[nextDue]] = sql(`SELECT TIMESTAMPDIFF(SECOND, '1970-01-01', next_due) FROM cases WHERE case_no = ${q(c.caseNo)}`);
    assert.ok(Number(nextDue) <= t.first_response.due, 'the queue\'s next due time is the nearest running one');
    assertRedirect(await agent.postForm(`/staff/cases/${c.caseNo}/complex`, { csrf: agent.csrf }), `/staff/cases/${c.caseNo}#complex`);
    const rows = sql(`SELECT l.note FROM audit_log l JOIN cases c ON c.id = l.case_id WHERE l.id > ${mark}
                      AND l.action = 'mark_complex' AND c.case_no = ${q(c.caseNo)} AND l.staff_id = ${agentId}`);
    assert.equal(rows.length, 1, 'marked once, one audit row');
    assert.match(rows[0][0], /complex: 0 → 1/);
    const shown = await agent.get(`/staff/cases/${c.caseNo}`);
    assert.match(shown.text, /id="complex-marked"/, 'the case page says so');
    assert.doesNotMatch(shown.text, /id="complex-form"/, 'no second button');

    // A warehouse member may not mark it; an unknown case is 404.
    const wh = await staffAs('warehouse');
    assert.equal((await wh.postForm(`/staff/cases/${c.caseNo}/complex`, { csrf: wh.csrf })).status, 403);
    assert.equal((await agent.postForm('/staff/cases/AS000000000000/complex', { csrf: agent.csrf })).status, 404);
  } finally {
    assertRedirect(await savePolicies(DEFAULTS), '/staff/admin/policies?saved=1');
  }
  // Under the default policy too, complex is the longer limit.
  const d = await refundOnlyCase('PLY');
  const agent = await staffAs('agent');
  await agent.get(`/staff/cases/${d.caseNo}`);
  assertRedirect(await agent.postForm(`/staff/cases/${d.caseNo}/complex`, { csrf: agent.csrf }), `/staff/cases/${d.caseNo}#complex`);
  const t = timers(d.caseNo);
  assert.equal(t.first_response.due, t.first_response.start + 48 * H, 'complex under the working-hours policy: 48 h');
});

test('bad limits are refused with a clear message and nothing changes', async () => {
  const snap = sql('SELECT name, value FROM settings ORDER BY name');
  const gens = count('SELECT COUNT(DISTINCT gen) FROM sla_limits');
  const mark = lastAuditId();
  const cases = [
    ['sla_review_days', '-1', 'err_working_days_range'], ['sla_review_days', '0', 'err_working_days_range'],
    ['sla_review_days', '1000000000', 'err_working_days_range'], ['sla_review_days', 'three', 'err_working_days_range'],
    ['sla_first_response_hours', '0', 'err_hours_range'], ['sla_complex_hours', '1000000000', 'err_hours_range'],
    ['sla_followup_hours', '-5', 'err_hours_range'], ['sla_credit_days', '2.5', 'err_working_days_range'],
    ['sla_response_policy', 'sometimes', 'err_bad_input'],
  ];
  for (const [field, value, err] of cases) {
    const res = await savePolicies({ [field]: value });
    assert.equal(res.status, 400, `${field}=${value}`);
    const errors = fieldErrors(res.text);
    assert.deepEqual(Object.keys(errors), [field], `${field}=${value}: the error is next to the field`);
    assert.ok(stripTags(res.text).includes(EN[err]) || res.text.includes(langStrings('zh-CN')[err]), `${field}=${value}: "${EN[err]}"`);
  }
  assert.deepEqual(sql('SELECT name, value FROM settings ORDER BY name'), snap, 'no setting changed');
  assert.equal(count('SELECT COUNT(DISTINCT gen) FROM sla_limits'), gens, 'no new generation');
  assert.equal(auditRows('policies', mark).length, 0, 'no audit row');
});

test('calendar, roles, weights, reply templates and webhooks: each change leaves an audit row with before and after', async () => {
  const mgr = await staffAs('manager');
  const mark = lastAuditId();

  // Calendar: a day far ahead set off, then removed.
  const taken = new Set(sql(`SELECT DATE_FORMAT(day, '%Y-%m-%d') FROM calendar_overrides`).map(([d]) => d));
  let day = '2039-03-01';
  for (let i = 1; taken.has(day); i++) day = `2039-03-${String(i + 1).padStart(2, '0')}`;
  await mgr.get('/staff/admin/calendar');
  assertRedirect(await mgr.postForm('/staff/admin/calendar', { csrf: mgr.csrf, day, kind: 'off', note: 'audit' }), '/staff/admin/calendar?year=2039');
  assertRedirect(await mgr.postForm('/staff/admin/calendar', { csrf: mgr.csrf, day, remove: '1' }), '/staff/admin/calendar?year=2039');
  assert.deepEqual(auditRows('calendar', mark), [`${day}: — → off (audit)`, `${day}: off (audit) → —`]);

  // Roles: an account made with a role, given another, disabled.
  await mgr.get('/staff/admin/users');
  const email = `pol-${randomBytes(4).toString('hex')}@test.local`;
  const made = await mgr.postForm('/staff/admin/users', { csrf: mgr.csrf, email, name: '审计员工', roles: 'agent', password: 'pw-longenough-1' });
  assert.equal(made.status, 303, stripTags(made.text).slice(0, 200));
  const [[id, agentBit]] = sql(`SELECT id, roles FROM staff WHERE email = ${q(email)}`);
  assertRedirect(await mgr.postForm(`/staff/admin/users/${id}/roles`, { csrf: mgr.csrf, roles: 'finance' }), `/staff/admin/users#user-${id}`);
  assertRedirect(await mgr.postForm(`/staff/admin/users/${id}/disable`, { csrf: mgr.csrf }), `/staff/admin/users#user-${id}`);
  const [[financeBit]] = sql(`SELECT roles FROM staff WHERE email = ${q(email)}`);
  assert.deepEqual(auditRows('roles', mark), [
    `${email}.disabled: — → 0; ${email}.roles: — → ${agentBit}`,
    `${email}.roles: ${agentBit} → ${financeBit}`,
    `${email}.disabled: 0 → 1`,
  ]);

  // Weights: one changed, back again.
  const w = Object.fromEntries(sql(`SELECT name, value FROM settings WHERE name LIKE 'score\\_weight\\_%'`));
  const form = (fcr) => ({
    csrf: mgr.csrf, weight_first_response: w.score_weight_first_response, weight_resolution: w.score_weight_resolution,
    weight_fcr: fcr, weight_csat: w.score_weight_csat,
  });
  const other = String((Number(w.score_weight_fcr) + 7) % 100);
  await mgr.get('/staff/performance');
  assertRedirect(await mgr.postForm('/staff/performance/weights', form(other)), '/staff/performance');
  assertRedirect(await mgr.postForm('/staff/performance/weights', form(w.score_weight_fcr)), '/staff/performance');
  assert.deepEqual(auditRows('weights', mark), [
    `score_weight_fcr: ${w.score_weight_fcr} → ${other}`, `score_weight_fcr: ${other} → ${w.score_weight_fcr}`,
  ]);

  // Reply templates: one added, removed.
  await mgr.get('/staff/admin/replies');
  const title = `审计-${randomBytes(3).toString('hex')}`;
  assertRedirect(await mgr.postForm('/staff/admin/replies', { csrf: mgr.csrf, lang: 'zh-CN', title, body: '您好 {customer}' }), '/staff/admin/replies');
  const [[tid]] = sql(`SELECT id FROM reply_templates WHERE title = ${q(title)}`);
  assertRedirect(await mgr.postForm(`/staff/admin/replies/${tid}/remove`, { csrf: mgr.csrf }), '/staff/admin/replies');
  assert.deepEqual(auditRows('reply_templates', mark), [
    `template.${tid}: — → zh-CN ${title}: 您好 {customer}`, `template.${tid}: zh-CN ${title}: 您好 {customer} → —`,
  ]);

  // Webhooks: one added, disabled, its secret rotated (by fingerprint, never the secret).
  const { id: hook, secret } = await addEndpoint(`https://audit-${randomBytes(3).toString('hex')}.example.com/hook`, '*');
  try {
    await mgr.get('/staff/admin/webhooks');
    assertRedirect(await mgr.postForm(`/staff/admin/webhooks/${hook}/disable`, { csrf: mgr.csrf }), `/staff/admin/webhooks#endpoint-${hook}`);
    assert.equal((await mgr.postForm(`/staff/admin/webhooks/${hook}/rotate`, { csrf: mgr.csrf })).status, 200);
    const notes = auditRows('webhooks', mark);
    assert.equal(notes.length, 3, notes.join('\n'));
    assert.match(notes[0], new RegExp(`^webhook\\.${hook}: — → https://audit-.*/hook events=\\* enabled secret=[0-9a-f]{8}$`));
    assert.match(notes[1], / enabled secret=[0-9a-f]{8} → .* disabled secret=[0-9a-f]{8}$/);
    const fp = /secret=([0-9a-f]{8})/g;
    const [x, y] = [...notes[2].matchAll(fp)].map((m) => m[1]);
    assert.notEqual(x, y, 'the rotation shows as a new fingerprint');
    assert.ok(notes.every((n) => !n.includes(secret) && !n.includes(secret.slice(6))), 'no secret in the trail');
  } finally {
    disableEndpoints([hook]);
  }

  // The abuse limits page (another settings save): the changed limit only.
  const limits = Object.fromEntries(sql(`SELECT name, value FROM settings WHERE name LIKE 'limit\\_%'`));
  const roles = sql(`SELECT value FROM settings WHERE name = 'totp_required_roles'`)[0]?.[0] ?? '';
  assert.equal(roles, '', 'no role must use two-step sign-in (demo)');
  await mgr.get('/staff/admin/limits');
  const bumped = String(Number(limits.limit_message_account) + 1);
  assertRedirect(await mgr.postForm('/staff/admin/limits', { ...limits, csrf: mgr.csrf, limit_message_account: bumped }), '/staff/admin/limits?saved=1');
  assertRedirect(await mgr.postForm('/staff/admin/limits', { ...limits, csrf: mgr.csrf }), '/staff/admin/limits?saved=1');
  assert.deepEqual(auditRows('settings', mark), [
    `limit_message_account: ${limits.limit_message_account} → ${bumped}`, `limit_message_account: ${bumped} → ${limits.limit_message_account}`,
  ]);

  // The audit page lists them, newest first, with their labels.
  const trail = await mgr.get(`/staff/audit?staff_id=${managerId()}`);
  assert.ok(trail.text.includes(`${email}.disabled: 0 → 1`) || trail.text.includes('webhook.'), 'the page shows the rows');
});
