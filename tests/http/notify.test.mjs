// notify.test.mjs — the notification worker (build/aftercare-notify) on real
// parts: webhooks to a real HTTP receiver started here, each delivery
// verified with the npm package standardwebhooks (an outside implementation
// of the spec, never our code); e-mail to the stack's SMTP sink
// (scripts/mailsink.mjs) parsed with mailparser (lib.mjs mailsOf); SMS to the sink's gateway.
// Faults: a receiver answering 500, redirecting, hanging; the retry table
// used up; two workers at once; kill -9 of the worker. Due times are moved
// in the database, never waited for; nothing asserts on time.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  BASE, ROOT, VAR, answer, attempted, completedCase, disableEndpoints, dueNow, langStrings, mailOf, mailsOf,
  outboxRow, q, refundOnlyCase, sql, startReceiver, verifyWebhook, waitFor, withWorkerPaused,
} from './lib.mjs';
const HOST = new URL(BASE).hostname;

// ------------------------------------------------------------ helpers

const L = { 'zh-CN': langStrings('zh-CN'), en: langStrings('en') };

const newKey = () => 'msg_t' + randomBytes(11).toString('hex');
const fakeCaseNo = () => 'AS20261205' + String(1000 + Math.floor(Math.random() * 9000));

function queueMessage({ channel, recipient, lang = 'en', template, data }) {
  const key = newKey();
  sql(`INSERT INTO outbox (msg_key, channel, event_type, recipient, lang, template, data, next_at, created_at)
       VALUES (${q(key)}, ${q(channel)}, 'test.notice', ${q(recipient)}, ${q(lang)}, ${q(template)},
               ${q(JSON.stringify(data))}, UTC_TIMESTAMP(), UTC_TIMESTAMP())`);
  return key;
}

// ------------------------------------------------------- the receiver

/** A real HTTP receiver (lib.mjs startReceiver), started before the tests. */
let rx;

/** Webhook endpoints made by this file: id, url, secret. events '*' gets
 * every event of the stack; the default gets none (rows are queued here). */
const endpoints = [];
function endpoint(path, events = 'test.none') {
  const url = rx.url(path);
  const secret = 'whsec_' + randomBytes(24).toString('base64');
  const [[id]] = sql(`INSERT INTO webhook_endpoints (url, events, secret, enabled, created_by, created_at, updated_at)
                      VALUES (${q(url)}, ${q(events)}, ${q(secret)}, 1, 1, UTC_TIMESTAMP(), UTC_TIMESTAMP());
                      SELECT LAST_INSERT_ID()`);
  const ep = { id: Number(id), url, secret, path };
  endpoints.push(ep);
  return ep;
}

function queueWebhook(ep, { type = 'test.ping', data = { n: 1 } } = {}) {
  const key = newKey();
  const body = JSON.stringify({ type, timestamp: new Date().toISOString(), data });
  sql(`INSERT INTO outbox (msg_key, channel, event_type, endpoint_id, recipient, lang, body, next_at, created_at)
       VALUES (${q(key)}, 'webhook', ${q(type)}, ${ep.id}, ${q(ep.url)}, 'en', ${q(body)}, UTC_TIMESTAMP(), UTC_TIMESTAMP())`);
  return key;
}

/** standardwebhooks' verdict on a kept request (throws when it refuses). */
const verify = (ep, rec) => verifyWebhook(ep.secret, rec);

// --------------------------------------------------------- the sinks

/** The SMS the sink's gateway kept whose params.case_no is caseNo. */
function smsOf(caseNo) {
  return waitFor(() => {
    const dir = join(VAR, 'sms');
    for (const f of existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.json')) : []) {
      const m = JSON.parse(readFileSync(join(dir, f), 'utf8'));
      if (m.params?.case_no === caseNo) return m;
    }
    return null;
  }, `the SMS about ${caseNo}`);
}

/** The header block of a raw message (before the first empty line). */
const headerBlock = (m) => m.raw.slice(0, m.raw.indexOf('\r\n\r\n'));

// -------------------------------------------------------------- setup

before(async () => {
  rx = await startReceiver();
});

after(async () => {
  disableEndpoints(endpoints.map((e) => e.id));
  await rx.close();
});

// ------------------------------------------------------------ webhooks

test('a case submitted: the shop endpoint gets case.created, signed as Standard Webhooks and verified by standardwebhooks', async () => {
  const ep = endpoint('/hooks', '*');
  const { caseNo } = await refundOnlyCase('NTF');
  const rec = await waitFor(() => rx.at('/hooks').find((r) => JSON.parse(r.body).data?.case_no === caseNo), `case.created of ${caseNo}`);
  const payload = verify(ep, rec);
  assert.equal(payload.type, 'case.created');
  assert.equal(payload.data.case_no, caseNo);
  assert.match(rec.headers['content-type'], /^application\/json/);
  const [[key]] = sql(`SELECT msg_key FROM outbox WHERE endpoint_id = ${ep.id} AND event_type = 'case.created'
                       AND JSON_VALUE(body, '$.data.case_no') = ${q(caseNo)}`);
  assert.equal(rec.headers['webhook-id'], key, 'webhook-id is the message key');
  assert.equal((await waitFor(() => outboxRow(key)?.status === 'sent' && outboxRow(key), 'sent')).status, 'sent');
  assert.throws(() => verify(ep, { ...rec, body: rec.body + ' ' }), 'a changed body fails verification');
  sql(`UPDATE webhook_endpoints SET enabled = 0 WHERE id = ${ep.id}`);
});

test('an endpoint disabled since the event: the message fails ("endpoint disabled") and nothing is sent', async () => {
  const ep = endpoint('/disabled');
  sql(`UPDATE webhook_endpoints SET enabled = 0 WHERE id = ${ep.id}`);
  const key = queueWebhook(ep);
  const r = await attempted(key, 1);
  assert.equal(r.status, 'failed');
  assert.equal(r.error, 'endpoint disabled');
  assert.equal(rx.at('/disabled').length, 0);
});

test('a receiver answering 500, then 200: retried with the same webhook-id and delivered once', async () => {
  const ep = endpoint('/flaky');
  let calls = 0;
  rx.on('/flaky', (rec, res) => answer(res, rec, ++calls === 1 ? 500 : 200));
  const key = queueWebhook(ep);
  const first = await attempted(key, 1);
  assert.equal(first.status, 'queued', 'a 500 is retried');
  assert.equal(first.error, 'HTTP 500');
  dueNow(key);
  const r = await waitFor(() => outboxRow(key).status === 'sent' && outboxRow(key), 'the retry');
  assert.equal(r.attempts, 2);
  const recs = rx.at('/flaky');
  assert.equal(recs.length, 2);
  assert.deepEqual(recs.map((x) => x.headers['webhook-id']), [key, key]);
  for (const rec of recs) verify(ep, rec);
  assert.equal(recs.filter((x) => x.status === 200).length, 1, 'delivered once');
});

test('a redirect is not followed: a 302 is a failed attempt, retried later', async () => {
  const ep = endpoint('/moved');
  rx.on('/moved', (rec, res) => answer(res, rec, 302, { location: rx.url('/elsewhere') }));
  const key = queueWebhook(ep);
  const r = await attempted(key, 1);
  assert.equal(r.status, 'queued');
  assert.match(r.error, /^HTTP 302/);
  assert.equal(rx.at('/moved').length, 1);
  assert.equal(rx.at('/elsewhere').length, 0, 'the Location was not visited');
  sql(`UPDATE outbox SET status = 'failed' WHERE msg_key = ${q(key)}`);
});

test('a hanging receiver times out and is retried; delivered when it answers', async () => {
  const ep = endpoint('/hang');
  let hang = true;
  rx.on('/hang', (rec, res) => (hang ? rx.hanging.push(res) : answer(res, rec, 200)));
  const key = queueWebhook(ep);
  const r = await attempted(key, 1);
  assert.equal(r.status, 'queued');
  assert.match(r.error, /timeout|timed out/i);
  hang = false;
  dueNow(key);
  await waitFor(() => outboxRow(key).status === 'sent', 'delivery after the timeout');
  const recs = rx.at('/hang');
  assert.equal(recs.length, 2);
  assert.equal(recs.filter((x) => x.status === 200).length, 1);
  for (const res of rx.hanging.splice(0)) res.destroy();
});

test('a hanging receiver holds only its own slot: a message queued while it hangs is delivered first', async () => {
  const slow = endpoint('/hold');
  const fast = endpoint('/quick');
  rx.on('/hold', (rec, res) => rx.hanging.push(res));
  rx.on('/quick', (rec, res) => answer(res, rec, 200));
  const held = queueWebhook(slow);
  await waitFor(() => rx.hanging.length === 1, 'the hanging request in flight');
  const quick = queueWebhook(fast);
  await waitFor(() => outboxRow(quick).status === 'sent', 'the quick message sent');
  // the hanging transfer has not ended: no attempt is recorded, its claim stands
  const h = outboxRow(held);
  assert.equal(h.attempts, 0, 'the hanging message is still in flight');
  assert.equal(h.status, 'queued');
  assert.ok(h.claimedBy, 'and still claimed');
  assert.equal(rx.at('/quick').length, 1);
  verify(fast, rx.at('/quick')[0]);
  const r = await attempted(held, 1);
  assert.match(r.error, /timeout|timed out/i, 'the hanging one ends by its own time limit');
  for (const res of rx.hanging.splice(0)) res.destroy();
  sql(`UPDATE outbox SET status = 'failed' WHERE msg_key = ${q(held)}`);
});

test('production mode (demo = 0): loopback is refused on the connected address, a name resolving to it too, unless webhook_allow lists it', async () => {
  const ep = endpoint('/prod');
  rx.on('/prod', (rec, res) => answer(res, rec, 200));
  // nothing else due, so that the production worker below touches only these rows
  await waitFor(() => Number(sql(`SELECT COUNT(*) FROM outbox WHERE status = 'queued' AND next_at <= UTC_TIMESTAMP()`)[0][0]) === 0,
    'an empty queue');
  let byAddress, byName;
  const log = join(VAR, 'notify-prod.log');
  // spawned, not run synchronously: the receiver lives in this process
  const once = () => new Promise((resolve, reject) => {
    const w = spawn('sh', ['-c', `exec "$0" --config "$1" --once 2>>"$2"`, join(ROOT, 'build/aftercare-notify'), join(VAR, 'aftercare.conf'), log],
      { cwd: ROOT, env: { ...process.env, AFTERCARE_DEMO: '0' }, stdio: 'ignore' });
    w.on('error', reject);
    w.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the worker ended with ${code}`))));
  });
  try {
    await withWorkerPaused(async () => {
      byAddress = queueWebhook(ep);
      byName = queueWebhook({ ...ep, url: `http://localhost:${rx.port}/prod` });
      await once();
      for (const k of [byAddress, byName]) {
        const r = outboxRow(k);
        assert.equal(r.attempts, 1, k);
        assert.equal(r.error, 'address not allowed', k);
      }
      assert.equal(rx.at('/prod').length, 0, 'nothing reached the receiver');
      assert.match(readFileSync(log, 'utf8'), /demo off/, 'the worker ran in production mode');
      sql(`INSERT INTO settings (name, value) VALUES ('webhook_allow', 'localhost')
           ON DUPLICATE KEY UPDATE value = VALUES(value)`);
      dueNow([byAddress, byName]);
      await once();
      assert.equal(outboxRow(byName).status, 'sent', 'the listed name is delivered');
      const r = outboxRow(byAddress);
      assert.equal(r.attempts, 2, 'an address not listed stays refused');
      assert.equal(r.error, 'address not allowed');
      assert.equal(rx.at('/prod').length, 1);
      verify(ep, rx.at('/prod')[0]);
    });
  } finally {
    sql(`DELETE FROM settings WHERE name = 'webhook_allow'`);
    for (const k of [byAddress, byName].filter(Boolean))
      sql(`UPDATE outbox SET status = 'failed' WHERE msg_key = ${q(k)} AND status = 'queued'`);
  }
});

test('the retry table ends in failed: 8 attempts in all, then no more', async () => {
  const ep = endpoint('/down');
  rx.on('/down', (rec, res) => answer(res, rec, 503));
  const key = queueWebhook(ep);
  let r;
  for (let n = 1; ; n++) {
    r = await attempted(key, n);
    if (r.status !== 'queued') break;
    assert.ok(n < 20, 'the table ends');
    dueNow(key);
  }
  assert.equal(r.status, 'failed');
  assert.equal(r.attempts, 8);
  assert.equal(r.error, 'HTTP 503');
  assert.equal(rx.at('/down').length, 8);
  dueNow(key);
  await new Promise((res) => setTimeout(res, 1500));
  assert.equal(rx.at('/down').length, 8, 'a failed message is not tried again');
});

test('a non-global address is refused on connect, even in demo mode: IPv4-mapped loopback, a private address', async () => {
  const mapped = endpoint('/mapped');
  const k1 = queueWebhook({ ...mapped, url: `http://[::ffff:127.0.0.1]:${rx.port}/mapped` });
  const k2 = queueWebhook({ ...endpoint('/private'), url: 'http://10.255.255.1:9/private' });
  for (const k of [k1, k2]) {
    const r = await attempted(k, 1);
    assert.equal(r.error, 'address not allowed', k);
  }
  assert.equal(rx.at('/mapped').length, 0);
  sql(`UPDATE outbox SET status = 'failed' WHERE msg_key IN (${q(k1)}, ${q(k2)})`);
});

// -------------------------------------------------------------- e-mail

test('an e-mail in Chinese and in English: encoded subject, text and HTML parts, absolute links, a stable Message-ID', async () => {
  for (const lang of ['zh-CN', 'en']) {
    const caseNo = fakeCaseNo();
    const key = queueMessage({
      channel: 'email', recipient: 'li@example.com', lang, template: 'case_updated',
      data: { case_no: caseNo, action: 'approve', from: 'submitted', to: 'awaiting_return' },
    });
    const m = await mailOf(key);
    const s = L[lang];
    assert.equal(m.subject, `${s.mail_subject_approve} ${caseNo}`, `${lang} subject decoded`);
    const rawSubject = /^Subject: (.*(?:\r\n .*)*)/m.exec(headerBlock(m))[1];
    if (lang === 'zh-CN') assert.match(rawSubject, /^=\?UTF-8\?B\?/, 'a Chinese subject is encoded (RFC 2047)');
    else assert.equal(rawSubject, m.subject);
    assert.equal(m.messageId, `<${key}@${HOST}>`);
    assert.equal(m.from.value[0].address, 'aftercare@demo.local');
    assert.equal(m.to.value[0].address, 'li@example.com');
    assert.ok(m.date instanceof Date && !Number.isNaN(m.date.getTime()), 'a Date header');
    assert.ok(m.text.includes(s.mail_approved_return), `${lang}: the return note (goods come back)`);
    assert.ok(m.text.includes(`${BASE}/my/requests/${caseNo}`), 'an absolute link in the text part');
    assert.ok(m.html.includes(`href="${BASE}/my/requests/${caseNo}"`), 'an absolute link in the HTML part');
    assert.match(headerBlock(m), /^Content-Type: multipart\/alternative;/m);
    assert.equal(outboxRow(key).status, 'sent');

    // the same message again (as a retry would): the same Message-ID
    sql(`UPDATE outbox SET status = 'queued', next_at = UTC_TIMESTAMP() WHERE msg_key = ${q(key)}`);
    const twice = await waitFor(async () => ((await mailsOf(key)).length === 2 ? mailsOf(key) : null), 'the second copy');
    assert.deepEqual(twice.map((x) => x.messageId), [`<${key}@${HOST}>`, `<${key}@${HOST}>`]);
  }
});

test('a refusal tells the reason with a link to correct and resubmit; a refund tells the amount in yuan', async () => {
  const caseNo = fakeCaseNo();
  const k1 = queueMessage({ channel: 'email', recipient: 'li@example.com', lang: 'en', template: 'case_updated',
    data: { case_no: caseNo, action: 'reject', reason: 'The photo is blurred' } });
  const k2 = queueMessage({ channel: 'email', recipient: 'li@example.com', lang: 'zh-CN', template: 'case_updated',
    data: { case_no: caseNo, action: 'refund', amount_fen: 12345, reference: 'PAY-77' } });
  const reject = await mailOf(k1);
  assert.ok(reject.text.includes('The photo is blurred'));
  assert.ok(reject.html.includes(`<a href="${BASE}/my/requests/${caseNo}">${L.en.mail_resubmit}</a>`));
  const refund = await mailOf(k2);
  assert.ok(refund.text.includes('123.45') && refund.text.includes('PAY-77'), refund.text);
  assert.equal(refund.subject, `${L['zh-CN'].mail_subject_refund} ${caseNo}`);
});

test('a hostile name or text (XSS string, CRLF, 2 000 Chinese characters): escaped in HTML, never in a header', async () => {
  const hostile = '<script>alert(1)</script>\r\nBcc: victim@example.com\r\nSubject: pwned\r\n' + '长'.repeat(2000);
  const caseNo = fakeCaseNo();
  const keys = [
    queueMessage({ channel: 'email', recipient: 'li@example.com', lang: 'zh-CN', template: 'message_staff', data: { case_no: caseNo, text: hostile } }),
    queueMessage({ channel: 'email', recipient: 'li@example.com', lang: 'en', template: 'complaint_answered', data: { reason: hostile, text: hostile } }),
  ];
  for (const key of keys) {
    const m = await mailOf(key);
    const head = headerBlock(m);
    for (const bad of ['script', 'Bcc', 'pwned', 'victim', '长']) assert.ok(!head.includes(bad), `${bad} not in the headers`);
    assert.ok(!m.headers.has('bcc'));
    assert.ok(!m.html.includes('<script>'), 'no live script in the HTML part');
    assert.ok(m.html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'escaped in the HTML part');
    assert.ok(m.html.includes('长'.repeat(2000)), 'the long text whole');
    assert.ok(m.text.includes('<script>alert(1)</script>'), 'the text part carries it as plain text');
  }
  const [staffMail, complaintMail] = [await mailOf(keys[0]), await mailOf(keys[1])];
  assert.equal(staffMail.subject, `${L['zh-CN'].mail_subject_message_staff} ${caseNo}`);
  assert.equal(complaintMail.subject, L.en.mail_subject_complaint_answered);
});

test('a completed case: the e-mail carries the signed survey link, and the link opens the survey', async () => {
  const { caseNo } = await completedCase('SVN');
  const key = queueMessage({ channel: 'email', recipient: 'li@example.com', lang: 'en', template: 'case_updated',
    data: { case_no: caseNo, action: 'complete', from: 'refunded', to: 'completed' } });
  const m = await mailOf(key);
  const link = new RegExp(`href="(${BASE.replace(/[.]/g, '\\.')}/survey/${caseNo}\\.\\d+\\.[A-Za-z0-9_-]+)"`).exec(m.html);
  assert.ok(link, 'an absolute survey link in the HTML part');
  assert.ok(m.text.includes(link[1]), 'and in the text part');
  const page = await fetch(link[1], { redirect: 'manual' });
  assert.equal(page.status, 200, 'the signed link opens the survey');
  const tampered = await fetch(link[1].slice(0, -2) + (link[1].endsWith('AA') ? 'BB' : 'AA'), { redirect: 'manual' });
  assert.notEqual(tampered.status, 200, 'a changed link does not');
});

// ----------------------------------------------------- SMS, reset code

test('an SMS reaches the gateway as JSON {phone, text, template, params}', async () => {
  const caseNo = fakeCaseNo();
  const data = { case_no: caseNo, action: 'ship', reason: 'SF 1234567890' };
  const key = queueMessage({ channel: 'sms', recipient: '13800000001', lang: 'zh-CN', template: 'case_updated', data });
  const m = await smsOf(caseNo);
  assert.equal(m.phone, '13800000001');
  assert.equal(m.template, 'case_updated');
  assert.deepEqual(m.params, data);
  assert.ok(m.text.includes(caseNo) && m.text.includes('SF 1234567890'), m.text);
  assert.ok(m.text.includes(`${BASE}/my/requests/${caseNo}`), 'a link in the text');
  assert.equal(outboxRow(key).status, 'sent');
});

test('a reset code is sent, then its data is blanked; a failed one is blanked too', async () => {
  const code = String(100000 + Math.floor(Math.random() * 900000));
  const key = queueMessage({ channel: 'email', recipient: 'li@example.com', lang: 'en', template: 'reset_code', data: { code } });
  const m = await mailOf(key);
  assert.ok(m.text.includes(code) && m.html.includes(code), 'the code in the message');
  assert.equal(m.subject, L.en.mail_subject_reset_code);
  const r = await waitFor(() => outboxRow(key).status === 'sent' && outboxRow(key), 'sent');
  assert.ok(!r.data.includes(code), 'the code is gone from the row');
  assert.equal(JSON.parse(r.data).code, '—');

  const bad = queueMessage({ channel: 'email', recipient: 'no address', lang: 'en', template: 'reset_code', data: { code } });
  const f = await attempted(bad, 1);
  assert.equal(f.status, 'failed');
  assert.equal(f.error, 'bad address');
  assert.ok(!f.data.includes(code));
});

// ------------------------------------------------------ several workers

test('two workers at once deliver 200 messages, each exactly once', async () => {
  const ep = endpoint('/bulk');
  rx.on('/bulk', (rec, res) => setTimeout(() => answer(res, rec, 200), 300)); // slow enough to share
  const log = join(VAR, 'notify-second.log');
  const second = spawn('sh', ['-c', `exec "$0" --config "$1" 2>>"$2"`, join(ROOT, 'build/aftercare-notify'), join(VAR, 'aftercare.conf'), log],
    { cwd: ROOT, stdio: 'ignore' });
  const exited = new Promise((r) => second.on('exit', (code, sig) => r({ code, sig })));
  try {
    await waitFor(() => existsSync(log) && readFileSync(log, 'utf8').includes(' delivering '), 'the second worker');
    const tag = randomBytes(4).toString('hex');
    sql(`INSERT INTO outbox (msg_key, channel, event_type, endpoint_id, recipient, lang, body, next_at, created_at)
         SELECT CONCAT('msg_bulk_${tag}_', seq), 'webhook', 'test.bulk', ${ep.id}, ${q(ep.url)}, 'en',
                CONCAT('{"type":"test.bulk","timestamp":"2026-12-05T00:00:00Z","data":{"n":', seq, '}}'),
                UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM seq_1_to_200`);
    await waitFor(() => Number(sql(`SELECT COUNT(*) FROM outbox WHERE msg_key LIKE 'msg\\_bulk\\_${tag}\\_%' AND status = 'sent'`)[0][0]) === 200,
      '200 sent', 120000);
    const recs = rx.at('/bulk');
    const ids = recs.map((r) => r.headers['webhook-id']);
    assert.equal(new Set(ids).size, 200, '200 distinct messages arrived');
    assert.equal(ids.length, 200, 'none twice');
    for (const rec of recs) verify(ep, rec);
    const workers = sql(`SELECT COUNT(DISTINCT claimed_by) FROM outbox WHERE msg_key LIKE 'msg\\_bulk\\_${tag}\\_%'`)[0][0];
    assert.equal(Number(workers), 2, 'both workers delivered some');
  } finally {
    second.kill('SIGTERM');
  }
  assert.deepEqual(await exited, { code: 0, sig: null }, 'the second worker stops cleanly on SIGTERM');
});

test('kill -9 of the worker with messages claimed: its supervisor starts another, which delivers them once', async () => {
  const supervisor = readFileSync(join(VAR, 'aftercare-notify.pid'), 'utf8').trim();
  const childOf = () => execFileSync('pgrep', ['-P', supervisor], { encoding: 'utf8' }).trim();
  const before = childOf();
  assert.match(before, /^\d+$/, 'the supervisor runs one worker');
  const ep = endpoint('/crash');
  let hang = true;
  rx.on('/crash', (rec, res) => (hang ? rx.hanging.push(res) : answer(res, rec, 200)));
  const keys = [1, 2, 3, 4, 5].map(() => queueWebhook(ep));
  // claimed and on their way: the receiver holds the five requests unanswered
  await waitFor(() => keys.every((k) => outboxRow(k).claimedBy) && rx.hanging.length === 5, 'all five claimed and sent');
  process.kill(Number(before), 'SIGKILL');
  const next = await waitFor(() => {
    try {
      const c = childOf();
      return c && c !== before ? c : null;
    } catch {
      return null;
    }
  }, 'a new worker');
  assert.notEqual(next, before);
  hang = false;
  for (const res of rx.hanging.splice(0)) res.destroy();
  // the dead worker's claim would run out after its lease: move it
  sql(`UPDATE outbox SET claimed_until = UTC_TIMESTAMP() - INTERVAL 1 SECOND WHERE msg_key IN (${keys.map(q).join(', ')})`);
  await waitFor(() => keys.every((k) => outboxRow(k).status === 'sent'), 'all five sent after the restart');
  for (const k of keys) {
    const answered = rx.at('/crash').filter((r) => r.headers['webhook-id'] === k && r.status === 200);
    assert.equal(answered.length, 1, `${k} delivered once`);
    verify(ep, answered[0]);
  }
});
