// followups.test.mjs — the 48-hour follow-up (回访, issue 15): a completed
// case waits in the agents' list with its limit; an agent records how and
// with what outcome; a follow-up that reached the customer records their
// answers as a survey taken by phone (counted in every survey figure, with
// the method as a split on the dashboard and in surveys.csv) and meets the
// timer; an unreachable one is an attempt and the timer runs on; a declined
// one meets it; the customer's own answer by link meets it too. Figures are
// worked out from the rows this file writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  assertErrorPage, assertRedirect, caseRow, completedCase, count, q, refundOnlyCase, sql, staffAs,
} from './lib.mjs';

const ANSWERS = { attitude: '5', speed: '4', resolution: '5', overall: '4', recommend: '9' };

function timer(caseNo) {
  const [[running, met]] = sql(`SELECT t.stopped_at IS NULL, t.stopped_at IS NOT NULL AND t.stopped_at <= t.due_at
                                FROM case_timers t JOIN cases c ON c.id = t.case_id
                                WHERE c.case_no = ${q(caseNo)} AND t.timer = 'followup'`);
  return { running: running === '1', met: met === '1' };
}

function survey(caseNo) {
  const [[answered, method, overall, recommend]] = sql(`SELECT s.answered_at IS NOT NULL, s.method, COALESCE(s.overall, 0), COALESCE(s.recommend, -1)
                    FROM surveys s JOIN cases c ON c.id = s.case_id WHERE c.case_no = ${q(caseNo)}`);
  return { answered: answered === '1', method, overall: Number(overall), recommend: Number(recommend) };
}

const followupsOf = (caseNo) =>
  count(`SELECT COUNT(*) FROM followups f JOIN cases c ON c.id = f.case_id WHERE c.case_no = ${q(caseNo)}`);

async function post(agent, caseNo, fields, version = caseRow(caseNo).version) {
  await agent.get(`/staff/cases/${caseNo}`);
  return agent.postForm(`/staff/cases/${caseNo}/followup`, { csrf: agent.csrf, version, ...fields });
}

/** The manager's dashboard figure of method m (answers taken), for today. */
async function methodCount(m) {
  const res = await (await staffAs('manager')).get('/staff/dashboard');
  return Number(res.text.match(new RegExp(`id="f-method-${m}-n" data-value="([^"]*)"`))[1] || 0);
}

test('a completed case waits in the agents\' follow-ups; bad forms change nothing; unreachable is an attempt', async () => {
  const { caseNo } = await completedCase('FU1');
  assert.deepEqual(timer(caseNo), { running: true, met: false }, 'the invitation does not meet the follow-up');
  const agent = await staffAs('agent');
  const list = await agent.get('/staff/followups');
  assert.ok(list.text.includes(`data-case="${caseNo}"`), 'the case is in the list');
  assertErrorPage(await (await staffAs('warehouse')).get('/staff/followups'), 403, 'not the warehouse\'s');
  const page = await agent.get(`/staff/cases/${caseNo}`);
  assert.ok(page.text.includes(`action="/staff/cases/${caseNo}/followup"`), 'the case page offers the form');

  const version = caseRow(caseNo).version;
  for (const [fields, what] of [
    [{ method: 'fax', outcome: 'reached', ...ANSWERS }, 'an unknown method'],
    [{ method: 'phone', outcome: 'maybe' }, 'an unknown outcome'],
    [{ method: 'phone', outcome: 'reached' }, 'reached without the answers'],
    [{ method: 'phone', outcome: 'reached', ...ANSWERS, overall: '6' }, 'an answer out of range'],
    [{ method: 'phone', outcome: 'reached', ...ANSWERS, recommend: '-1' }, 'a recommend below 0'],
  ]) assertErrorPage(await post(agent, caseNo, fields), 400, what);
  assertErrorPage(await post(agent, caseNo, { method: 'phone', outcome: 'unreachable' }, version - 1), 409, 'a stale version');
  assertErrorPage(await post(agent, 'AS000000000000', { method: 'phone', outcome: 'unreachable' }, 1), 404, 'no such case');
  assert.equal(followupsOf(caseNo), 0, 'nothing recorded');
  assert.equal(caseRow(caseNo).version, version, 'nothing changed');

  assertRedirect(await post(agent, caseNo, { method: 'phone', outcome: 'unreachable' }), `/staff/cases/${caseNo}#followup`);
  assert.equal(followupsOf(caseNo), 1);
  assert.deepEqual(timer(caseNo), { running: true, met: false }, 'the timer runs on');
  assert.equal(survey(caseNo).answered, false);
  assert.match((await agent.get('/staff/followups')).text, new RegExp(`data-case="${caseNo}"[\\s\\S]*?data-attempts="1"`), 'one attempt shown');
});

test('reached by phone: the answers become the case\'s survey (method phone), the timer is met, the figures count it', async () => {
  const { caseNo, client } = await completedCase('FU2');
  const agent = await staffAs('agent');
  const phoneBefore = await methodCount('phone');
  const answeredBefore = count(`SELECT COUNT(*) FROM events WHERE type = 'survey.answered' AND case_no = ${q(caseNo)}`);
  assertRedirect(await post(agent, caseNo, { method: 'phone', outcome: 'reached', ...ANSWERS, comment: '电话里说挺好' }),
    `/staff/cases/${caseNo}#followup`);
  assert.deepEqual(survey(caseNo), { answered: true, method: 'phone', overall: 4, recommend: 9 });
  assert.deepEqual(timer(caseNo), { running: false, met: true }, 'met within 48 h');
  assert.equal(count(`SELECT COUNT(*) FROM events WHERE type = 'survey.answered' AND case_no = ${q(caseNo)}`), answeredBefore + 1, 'the shop hears of the answer');
  assert.equal(await methodCount('phone'), phoneBefore + 1, 'the dashboard counts it under phone');
  assert.ok(!(await agent.get('/staff/followups')).text.includes(`data-case="${caseNo}"`), 'off the list');
  assertErrorPage(await post(agent, caseNo, { method: 'phone', outcome: 'reached', ...ANSWERS }), 409, 'followed up once');
  assertErrorPage(await client.postForm(`/my/requests/${caseNo}/survey`, { csrf: client.csrf, ...ANSWERS, overall: '1' }), 409, 'the customer cannot answer again');
  assert.equal(survey(caseNo).overall, 4);

  const m = await staffAs('manager');
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
  const csv = (await m.get(`/staff/export/surveys.csv?from=${today}&to=${today}`)).text;
  const line = csv.split('\n').find((l) => l.startsWith(caseNo));
  // the method is the 11th column (the words columns come after the codes)
  assert.ok(line, 'the case is in surveys.csv');
  const cols = line.trim().split(',');
  assert.equal(cols[10], 'phone', `surveys.csv says how it was taken: ${line}`);
  assert.equal(cols.at(-1), 'Phone follow-up', 'and in words');
});

test('declined meets the follow-up without answers; the customer\'s own answer meets it too; a case not completed has none', async () => {
  const declined = await completedCase('FU3');
  const agent = await staffAs('agent');
  assertRedirect(await post(agent, declined.caseNo, { method: 'online', outcome: 'declined' }), `/staff/cases/${declined.caseNo}#followup`);
  assert.deepEqual(timer(declined.caseNo), { running: false, met: true });
  assert.equal(survey(declined.caseNo).answered, false, 'no answers');

  const self = await completedCase('FU4');
  const c = self.client;
  await c.get(`/my/requests/${self.caseNo}/survey`);
  assertRedirect(await c.postForm(`/my/requests/${self.caseNo}/survey`, { csrf: c.csrf, ...ANSWERS }), `/my/requests/${self.caseNo}/survey`);
  assert.equal(survey(self.caseNo).method, 'self');
  assert.deepEqual(timer(self.caseNo), { running: false, met: true }, 'the customer\'s answer meets it');
  assertErrorPage(await post(agent, self.caseNo, { method: 'phone', outcome: 'reached', ...ANSWERS }), 409, 'nothing left to follow up');

  const open = await refundOnlyCase('FU5');
  assertErrorPage(await post(agent, open.caseNo, { method: 'phone', outcome: 'unreachable' }), 409, 'not completed');
  assert.equal(followupsOf(open.caseNo), 0);
});
