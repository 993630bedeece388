// feedback.test.mjs — what customers tell the shop, over real HTTP: the
// survey a completed case invites (signed in, and through the signed link
// without signing in: tampered, expired, reused, someone else's), and
// complaints with the team's reply.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';

import {
  Client, assertErrorPage, assertRedirect, caseNoOf, completedCase, count, fieldErrors,
  freshCustomer, q, signingKey, sql, staffAs, submitRequest,
} from './lib.mjs';

function survey(caseNo) {
  const rows = sql(`SELECT s.answered_at IS NOT NULL, s.attitude, s.speed, s.resolution, s.overall, s.recommend,
                    COALESCE(s.comment, ''), TIMESTAMPDIFF(DAY, s.invited_at, s.expires_at)
                    FROM surveys s JOIN cases c ON c.id = s.case_id WHERE c.case_no = ${q(caseNo)}`);
  if (!rows.length) return null;
  const [answered, a, sp, r, o, rec, comment, days] = rows[0];
  return { answered: answered === '1', scores: [a, sp, r, o, rec].map((x) => (x === 'NULL' ? null : Number(x))), comment, days: Number(days) };
}

const ANSWER = { attitude: '5', speed: '4', resolution: '4', overall: '5', recommend: '9', comment: '很快 <b>谢谢</b>' };

/** The link the staff page shows for a case's invitation. */
async function linkOf(caseNo) {
  const page = await (await staffAs('agent')).get(`/staff/cases/${caseNo}`);
  const m = page.text.match(/id="survey-link"[^>]*value="([^"]+)"/);
  assert.ok(m, 'the staff page shows the survey link');
  return m[1];
}

function mac(data) {
  return createHmac('sha256', signingKey().key).update(`link\n${data}`).digest('base64url');
}

test('completing a case invites the customer at once; they answer once, signed in', async () => {
  const { client, caseNo } = await completedCase('SVY');
  const s = survey(caseNo);
  assert.ok(s && !s.answered, 'an invitation exists on completion');
  assert.equal(s.days, 30, 'valid for 30 days');
  const followup = () => sql(`SELECT t.stopped_at IS NULL FROM case_timers t
                            JOIN cases c ON c.id = t.case_id WHERE c.case_no = ${q(caseNo)} AND t.timer = 'followup'`)[0][0];
  assert.equal(followup(), '1', 'the invitation is not the follow-up: its timer runs (followups.test.mjs)');

  const page = await client.get(`/my/requests/${caseNo}`);
  assert.match(page.text, /id="survey-invite" data-survey="invited"/, 'the case page invites');
  const form = await client.get(`/my/requests/${caseNo}/survey`);
  assert.equal(form.status, 200);
  for (const name of ['attitude', 'speed', 'resolution', 'overall', 'recommend']) {
    assert.match(form.text, new RegExp(`name="${name}" value="${name === 'recommend' ? 0 : 1}"`), `${name} has its lowest choice`);
  }

  const partial = await client.postForm(`/my/requests/${caseNo}/survey`, { csrf: client.csrf, attitude: '5', speed: '6', recommend: '11' });
  assert.equal(partial.status, 400);
  assert.deepEqual(Object.keys(fieldErrors(partial.text)).sort(), ['overall', 'recommend', 'resolution', 'speed']);
  assert.match(partial.text, /name="attitude" value="5" checked/, 'what was chosen stays chosen');
  assert.equal(survey(caseNo).answered, false, 'nothing stored');

  assertRedirect(await client.postForm(`/my/requests/${caseNo}/survey`, { csrf: client.csrf, ...ANSWER }), `/my/requests/${caseNo}/survey`);
  assert.deepEqual(survey(caseNo).scores, [5, 4, 4, 5, 9]);
  assert.equal(followup(), '0', 'the answer meets the follow-up');
  assert.equal(count(`SELECT COUNT(*) FROM case_events e JOIN cases c ON c.id = e.case_id
                      WHERE c.case_no = ${q(caseNo)} AND e.action = 'survey_answer' AND e.actor_kind = 'c'`), 1);
  const again = await client.postForm(`/my/requests/${caseNo}/survey`, { csrf: client.csrf, ...ANSWER, attitude: '1' });
  assertErrorPage(again, 409, 'answering twice');
  assert.match(again.text, /rated already/);
  assert.deepEqual(survey(caseNo).scores, [5, 4, 4, 5, 9], 'the second answer changed nothing');
  const thanks = await client.get(`/my/requests/${caseNo}/survey`);
  assert.match(thanks.text, /id="survey-done"/);
  const staffView = await (await staffAs('agent')).get(`/staff/cases/${caseNo}`);
  assert.match(staffView.text, /data-q="recommend">9</, 'staff see the answers');
  assert.ok(staffView.text.includes('很快 &lt;b&gt;谢谢&lt;/b&gt;'), 'and the comment, escaped');
});

test('the signed link works without signing in, once; tampered links find nothing', async () => {
  const { caseNo } = await completedCase('LINK');
  const other = await completedCase('LINK2');
  const link = await linkOf(caseNo);
  const [, no, exp, sig] = link.match(/^\/survey\/([A-Z0-9]+)\.(\d+)\.([A-Za-z0-9_-]+)$/);
  assert.equal(no, caseNo);

  const anon = new Client();
  const tampered = [
    `/survey/${no}.${exp}.${sig.slice(0, -2)}AA`,
    `/survey/${other.caseNo}.${exp}.${sig}`,
    `/survey/${no}.${Number(exp) + 86400}.${sig}`,
    `/survey/${no}.${exp}`,
    `/survey/${no}..${sig}`,
    `/survey/${encodeURIComponent("AS1' OR 1=1")}.${exp}.${sig}`,
    `/survey/${'A'.repeat(300)}`,
  ];
  for (const path of tampered) assertErrorPage(await anon.get(path), 404, path);

  const form = await anon.get(link);
  assert.equal(form.status, 200, 'no sign-in needed');
  assert.match(form.text, new RegExp(`action="${link}"`));
  assertRedirect(await anon.postForm(link, { csrf: anon.csrf, ...ANSWER, recommend: '3' }), link);
  assert.deepEqual(survey(caseNo).scores, [5, 4, 4, 5, 3]);
  assertErrorPage(await anon.postForm(link, { csrf: anon.csrf, ...ANSWER }), 409, 'the link used again');
  assert.deepEqual(survey(caseNo).scores, [5, 4, 4, 5, 3], 'nothing changed');
  assert.equal(survey(other.caseNo).answered, false, 'the other case was not touched');
  assertErrorPage(await new Client().postForm(link, { csrf: 'x', ...ANSWER }), 403, 'a POST without the form\'s csrf');
});

test('an expired invitation says so, by link and signed in, and takes no answer', async () => {
  const { client, caseNo } = await completedCase('EXP');
  sql(`UPDATE surveys s JOIN cases c ON c.id = s.case_id
       SET s.invited_at = UTC_TIMESTAMP() - INTERVAL 31 DAY, s.expires_at = UTC_TIMESTAMP() - INTERVAL 1 DAY
       WHERE c.case_no = ${q(caseNo)}`);
  const [[exp]] = sql(`SELECT UNIX_TIMESTAMP(s.expires_at) FROM surveys s JOIN cases c ON c.id = s.case_id WHERE c.case_no = ${q(caseNo)}`);
  const link = `/survey/${caseNo}.${exp}.${mac(`survey\n${caseNo}\n${exp}`)}`;
  const anon = new Client();
  assertErrorPage(await anon.get(link), 410, 'an expired link');
  const page = await client.get(`/my/requests/${caseNo}/survey`);
  assert.match(page.text, /id="survey-expired"/);
  assertErrorPage(await client.postForm(`/my/requests/${caseNo}/survey`, { csrf: client.csrf, ...ANSWER }), 410, 'answering late');
  assert.equal(survey(caseNo).answered, false);
  assert.match((await client.get(`/my/requests/${caseNo}`)).text, /data-survey="expired"/);
});

test('nobody answers for someone else\'s case, nor for one that is not complete', async () => {
  const { caseNo } = await completedCase('MINE');
  const stranger = await freshCustomer('STRNG', [{ sku: 'X', name: '杯子', category: 'other', qty: 1, unit_price_fen: 100 }]);
  assertErrorPage(await stranger.client.get(`/my/requests/${caseNo}/survey`), 404, 'someone else\'s survey');
  assertErrorPage(await stranger.client.postForm(`/my/requests/${caseNo}/survey`, { csrf: stranger.client.csrf, ...ANSWER }), 404, 'answering it');
  assert.equal(survey(caseNo).answered, false);

  const { res } = await submitRequest(stranger.client, stranger.orderNo, {
    type: 'refund_only', reason: 'other', qty: { [stranger.order.items[0].id]: 1 }, amount: '1.00',
  });
  const open = caseNoOf(res);
  assertErrorPage(await stranger.client.get(`/my/requests/${open}/survey`), 404, 'a case still open has no survey');
  assertErrorPage(await new Client().get(`/survey/${open}.1.${mac(`survey\n${open}\n1`)}`), 410, 'a validly signed link to nothing expired long ago');
  const farFuture = 4102444800;
  assertErrorPage(await new Client().get(`/survey/${open}.${farFuture}.${mac(`survey\n${open}\n${farFuture}`)}`), 404, 'a signed link without an invitation');
});

test('a customer files a complaint about a case; the team replies once (then handles it); the customer reads it', async () => {
  const cust = await freshCustomer('CMP', [{ sku: 'M-1', name: '鼠标', category: 'electronics', qty: 1, unit_price_fen: 9900 }]);
  const { res } = await submitRequest(cust.client, cust.orderNo, {
    type: 'refund_only', reason: 'other', qty: { [cust.order.items[0].id]: 1 }, amount: '5.00',
  });
  const caseNo = caseNoOf(res);
  const c = cust.client;
  const empty = await c.get('/my/complaints');
  assert.match(empty.text, /class="empty"/, 'an empty list says so');

  const bad = await c.postForm('/my/complaints', { csrf: c.csrf, subject: ' ', body: '太慢了', case_no: 'AS000000000000' });
  assert.equal(bad.status, 400);
  assert.deepEqual(Object.keys(fieldErrors(bad.text)).sort(), ['subject']);
  assert.ok(bad.text.includes('太慢了'), 'the form keeps what was typed');
  const notMine = await c.postForm('/my/complaints', { csrf: c.csrf, subject: '慢', body: '太慢了', case_no: 'AS000000000000' });
  assert.equal(notMine.status, 400);
  assert.deepEqual(Object.keys(fieldErrors(notMine.text)), ['case_no']);
  const customerId = sql(`SELECT id FROM customers WHERE phone = ${q(cust.phone)}`)[0][0];
  assert.equal(count(`SELECT COUNT(*) FROM complaints WHERE customer_id = ${customerId}`), 0, 'refusals stored nothing');

  const agent = await staffAs('agent');
  const riskBefore = Number((await agent.get(`/staff/cases/${caseNo}`)).text.match(/data-score="(\d+)"/)[1]);
  const made = await c.postForm('/my/complaints', { csrf: c.csrf, subject: '退款太慢 <script>', body: '三天了还没处理', case_no: caseNo });
  const loc = assertRedirect(made, /^\/my\/complaints#complaint-\d+$/);
  const id = loc.split('-').pop();
  const [[caseLinked, hours]] = sql(`SELECT k.case_id = c.id, TIMESTAMPDIFF(HOUR, k.created_at, k.due_at)
                                     FROM complaints k JOIN cases c ON c.case_no = ${q(caseNo)} WHERE k.id = ${id}`);
  assert.equal(caseLinked, '1');
  assert.ok(Number(hours) >= 9 && Number(hours) <= 24 * 12, `due within a working day (${hours} h, holidays allowed)`);
  const riskAfter = Number((await agent.get(`/staff/cases/${caseNo}`)).text.match(/data-score="(\d+)"/)[1]);
  assert.equal(riskAfter, riskBefore + 5, 'a complaint adds to the customer\'s risk score');

  const queue = await agent.get('/staff/complaints');
  assert.match(queue.text, new RegExp(`id="complaint-${id}"[\\s\\S]*?data-sla="(ok|at_risk|breached)"`), 'with its first-response mark');
  assert.ok(queue.text.includes('退款太慢 &lt;script&gt;'), 'escaped');
  assertErrorPage(await agent.postForm(`/staff/complaints/${id}/reply`, { csrf: agent.csrf, body: '' }), 400, 'an empty reply');
  assertErrorPage(await agent.postForm('/staff/complaints/999999999/reply', { csrf: agent.csrf, body: 'x' }), 404, 'no such complaint');
  assertErrorPage(await agent.postForm('/staff/complaints/abc/reply', { csrf: agent.csrf, body: 'x' }), 404, 'not a number');
  assertRedirect(await agent.postForm(`/staff/complaints/${id}/reply`, { csrf: agent.csrf, body: '已加急处理，今天到账。' }),
    `/staff/complaints#complaint-${id}`);
  assertErrorPage(await agent.postForm(`/staff/complaints/${id}/reply`, { csrf: agent.csrf, body: '再说一次' }), 409, 'a second reply');
  assert.equal(sql(`SELECT reply FROM complaints WHERE id = ${id}`)[0][0], '已加急处理，今天到账。');
  const open = await agent.get('/staff/complaints');
  assert.match(open.text, new RegExp(`id="complaint-${id}"[^>]*data-status="handling"`),
    'an answered complaint stays open, being handled (complaints.test.mjs follows it to the end)');
  const all = await agent.get('/staff/complaints?show=all');
  assert.ok(all.text.includes(`id="complaint-${id}"`), 'and is in "all"');
  assertErrorPage(await agent.get('/staff/complaints?show=maybe'), 400, 'a bad filter');

  const mine = await c.get('/my/complaints');
  assert.ok(mine.text.includes('已加急处理，今天到账。'), 'the customer reads the reply');

  const wh = await staffAs('warehouse');
  assertErrorPage(await wh.get('/staff/complaints'), 403, 'the warehouse does not answer complaints');
});
