// reports.test.mjs — the manager's survey list and CSV exports over real
// HTTP: streamed files with a BOM, RFC 4180 quoting, Chinese text, formula
// cells neutralised, the period honoured, managers only.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { Client, assertErrorPage, langStrings, q, sql, staffAs, uniquePhone } from './lib.mjs';

// One hand-made case in 2024 (far from every other suite's data) with a
// refund and a survey answer whose comment holds every awkward character.
const COMMENT = '=HYPERLINK("http://x","点我"), 逗号, "引号"\n换行';
const NAME = '+张三,"王"';
let caseNo;

test('setup: a case, a refund and a survey answer of 2024-03-05', () => {
  caseNo = `AS2024030599${String(process.pid % 100).padStart(2, '0')}`;
  sql(`DELETE s FROM surveys s JOIN cases c ON c.id = s.case_id WHERE c.case_no = ${q(caseNo)};
       DELETE r FROM refunds r JOIN cases c ON c.id = r.case_id WHERE c.case_no = ${q(caseNo)};
       DELETE ci FROM case_items ci JOIN cases c ON c.id = ci.case_id WHERE c.case_no = ${q(caseNo)};
       DELETE FROM cases WHERE case_no = ${q(caseNo)};
       DELETE i FROM order_items i JOIN orders o ON o.id = i.order_id WHERE o.order_no = ${q('SO-RPT-' + caseNo)};`);
  sql(`INSERT INTO customers (phone, name, city, created_at) VALUES ('1990305${String(process.pid % 10000).padStart(4, '0')}', ${q(NAME)}, '上海', '2024-03-01 00:00:00')
         ON DUPLICATE KEY UPDATE name = VALUES(name);
       SET @cu = (SELECT id FROM customers WHERE phone = '1990305${String(process.pid % 10000).padStart(4, '0')}');
       INSERT INTO orders (order_no, customer_id, placed_at, delivered_at, payment_method, updated_at)
         VALUES (${q('SO-RPT-' + caseNo)}, @cu, '2024-03-01 00:00:00', '2024-03-02 00:00:00', 'alipay', '2024-03-02 00:00:00')
         ON DUPLICATE KEY UPDATE updated_at = VALUES(updated_at);
       SET @o = (SELECT id FROM orders WHERE order_no = ${q('SO-RPT-' + caseNo)});
       INSERT INTO cases (case_no, customer_id, order_id, type, reason, description, amount_fen, state, channel, nonce, created_at, updated_at)
         VALUES (${q(caseNo)}, @cu, @o, 'refund_only', 'other', 'x', 1999, 'completed', 'phone', ${q(caseNo)}, '2024-03-05 01:30:00', '2024-03-06 02:00:00');
       SET @c = LAST_INSERT_ID();
       INSERT INTO order_items (order_id, sku, name, category, qty, unit_price_fen, paid_fen) VALUES (@o, 'RPT-A', '台灯', 'appliance', 1, 9900, 9900);
       INSERT INTO case_items (case_id, order_item_id, qty) VALUES (@c, LAST_INSERT_ID(), 1);
       INSERT INTO order_items (order_id, sku, name, category, qty, unit_price_fen, paid_fen) VALUES (@o, 'RPT-B', '灯泡', 'appliance', 4, 300, 1000);
       INSERT INTO case_items (case_id, order_item_id, qty) VALUES (@c, LAST_INSERT_ID(), 2);
       INSERT INTO refunds (case_id, amount_fen, reference, created_at) VALUES (@c, 1999, '-PAY,1', '2024-03-05 03:00:00');
       INSERT INTO surveys (case_id, invited_at, expires_at, answered_at, attitude, speed, resolution, overall, recommend, comment, method)
         VALUES (@c, '2024-03-06 02:00:00', '2024-04-05 02:00:00', '2024-03-06 05:00:00', 5, 4, 3, 2, 10, ${q(COMMENT)}, 'phone');`);
});

/** RFC 4180 rows of a CSV text (after the BOM). */
function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
    else cell += c;
  }
  assert.equal(cell, '', 'the file ends with CRLF');
  return rows;
}

async function csv(path, lang = 'en') {
  const m = await staffAs('manager');
  const res = await m.get(path, { headers: { 'accept-language': lang } });
  assert.equal(res.status, 200, `${path}: ${res.text.slice(0, 200)}`);
  assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
  assert.match(res.headers.get('content-disposition'), /^attachment; filename="[a-z]+-\d{4}-\d\d-\d\d(-\d{4}-\d\d-\d\d)?\.csv"$/);
  assert.equal(res.headers.get('content-length'), null, 'streamed: no length known up front');
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.deepEqual([...res.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with a BOM');
  return parseCsv(res.bytes.subarray(3).toString('utf8'));
}

test('the surveys export: every awkward character comes out right', async () => {
  const rows = await csv('/staff/export/surveys.csv?from=2024-03-06&to=2024-03-06');
  const mine = rows.filter((r) => r[0] === caseNo);
  assert.equal(mine.length, 1, 'the answer of that day is there');
  const [no, at, a, s, r, o, rec, comment, type, channel] = mine[0];
  assert.deepEqual([no, at, a, s, r, o, rec], [caseNo, '2024-03-06 13:00', '5', '4', '3', '2', '10'],
    'local time, scores as numbers');
  assert.equal(comment, "'" + COMMENT, 'comma, quotes, newline and Chinese intact; the formula neutralised');
  assert.deepEqual([type, channel], ['refund_only', 'phone']);
  assert.ok(rows[0].includes('售后单号') || rows[0].includes('Case'), 'a header row');
});

test('the cases and refunds exports: money as yuan, names neutralised, only the period', async () => {
  const cases = await csv('/staff/export/cases.csv?from=2024-03-05&to=2024-03-05');
  const row = cases.find((r) => r[0] === caseNo);
  assert.ok(row, 'the case created that day');
  assert.equal(row[1], '2024-03-05 09:30');
  assert.equal(row[3], "'" + NAME, 'a name starting with + is neutralised, its comma and quotes kept');
  assert.deepEqual([row[9], row[10]], ['19.99', '19.99'], 'asked and refunded in yuan');
  const before = await csv('/staff/export/cases.csv?from=2024-03-04&to=2024-03-04');
  assert.ok(!before.some((r) => r[0] === caseNo), 'not on the day before');

  const refunds = await csv('/staff/export/refunds.csv?from=2024-03-05&to=2024-03-05');
  const refund = refunds.find((r) => r[0] === caseNo);
  assert.deepEqual([refund[2], refund[3]], ['19.99', "'-PAY,1"], 'the amount a number, the reference text neutralised');

  const empty = await csv('/staff/export/refunds.csv?from=2024-01-01&to=2024-01-01');
  assert.equal(empty.length, 1, 'an empty period: just the header row');
});

test('the survey list filters by score and comment; exports and list are the manager\'s', async () => {
  const m = await staffAs('manager');
  const page = await m.get('/staff/surveys?from=2024-03-01&to=2024-03-31');
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`data-case="${caseNo}" data-overall="2"`));
  assert.ok(page.text.includes('=HYPERLINK(&quot;http://x&quot;,&quot;点我&quot;)'), 'the comment, escaped');
  assert.ok((await m.get('/staff/surveys?from=2024-03-01&to=2024-03-31&overall=2&commented=1')).text.includes(caseNo));
  assert.ok(!(await m.get('/staff/surveys?from=2024-03-01&to=2024-03-31&overall=5')).text.includes(caseNo), 'another score');
  assert.match((await m.get('/staff/surveys?from=2023-01-01&to=2023-01-02')).text, /class="empty"/);
  for (const bad of ['from=2024-13-01', 'from=2024-03-10&to=2024-03-01', 'from=2020-01-01&to=2024-01-01', 'overall=6', 'commented=yes']) {
    assertErrorPage(await m.get(`/staff/surveys?${bad}`), 400, bad);
  }
  assertErrorPage(await m.get('/staff/export/orders.csv'), 404, 'no such export');
  assertErrorPage(await m.get('/staff/export/cases.csv?from=2024-03-05&to=2024-03-01'), 400, 'a backwards period');
  const agent = await staffAs('agent');
  assertErrorPage(await agent.get('/staff/export/cases.csv'), 403, 'an agent exports nothing');
  assertErrorPage(await agent.get('/staff/surveys'), 403, 'nor reads the list');
  const out = await new Client().get('/staff/export/cases.csv');
  assert.equal(out.status, 303, 'signed out: to the sign-in page');
});

// The words of a code as a staff member reads them (fill.c label()).
function words(lang, group, code) {
  const L = langStrings(lang);
  return L[`staff_${group}_${code}`] ?? L[`${group}_${code}`];
}

test('the exports write types, reasons, states, channels and methods in words, in the member\'s language, with items and amounts', async () => {
  for (const lang of ['en', 'zh-CN']) {
    const L = langStrings(lang);
    const cases = await csv('/staff/export/cases.csv?from=2024-03-05&to=2024-03-05', lang);
    const head = cases[0];
    const row = cases.find((r) => r[0] === caseNo);
    const at = (key) => row[head.indexOf(L[key])];
    assert.ok(head.includes(L.csv_type_words), `${lang}: a header in the member's language`);
    assert.deepEqual([row[4], row[5], row[6], row[7]], ['refund_only', 'other', 'phone', 'completed'], 'the codes stay');
    assert.equal(at('csv_type_words'), words(lang, 'type', 'refund_only'));
    assert.equal(at('csv_reason_words'), words(lang, 'reason', 'other'));
    assert.equal(at('csv_channel_words'), words(lang, 'channel', 'phone'));
    assert.equal(at('csv_state_words'), words(lang, 'state', 'completed'));
    assert.notEqual(at('csv_state_words'), 'completed');
    assert.equal(at('csv_items'), 'RPT-A 台灯 ×1; RPT-B 灯泡 ×2');
    // 1 of 1 paid 99.00, 2 of 4 paid 10.00 together
    assert.equal(at('csv_value'), ((9900 + Math.round(1000 * 2 / 4)) / 100).toFixed(2));

    const refunds = await csv('/staff/export/refunds.csv?from=2024-03-05&to=2024-03-05', lang);
    const rf = refunds.find((r) => r[0] === caseNo);
    const rat = (key) => rf[refunds[0].indexOf(L[key])];
    assert.equal(rat('csv_items'), 'RPT-A 台灯 ×1; RPT-B 灯泡 ×2');
    assert.equal(rat('csv_type_words'), words(lang, 'type', 'refund_only'));
    assert.equal(rat('csv_reason_words'), words(lang, 'reason', 'other'));
    assert.equal(rat('csv_channel_words'), words(lang, 'channel', 'phone'));

    const surveys = await csv('/staff/export/surveys.csv?from=2024-03-06&to=2024-03-06', lang);
    const sv = surveys.find((r) => r[0] === caseNo);
    const sat = (key) => sv[surveys[0].indexOf(L[key])];
    assert.equal(sat('csv_method'), 'phone');
    assert.equal(sat('csv_method_words'), words(lang, 'dash_method', 'phone'));
    assert.equal(sat('csv_channel_words'), words(lang, 'channel', 'phone'));
  }
});

test('the dashboard links the period\'s exports; the queue exports its current filter as it is', async () => {
  const m = await staffAs('manager');
  const dash = await m.get('/staff/dashboard?from=2024-03-01&to=2024-03-31');
  for (const x of ['cases', 'refunds', 'surveys']) {
    assert.match(dash.text, new RegExp(`href="/staff/export/${x}\\.csv\\?from=2024-03-01&amp;to=2024-03-31"`));
  }
  // three open cases of one new customer, two of them exchanges
  const phone = uniquePhone();
  const tag = `Q${process.pid % 1000}${Date.now().toString(36).toUpperCase().slice(-5)}`;
  let s = `INSERT INTO customers (phone, name, created_at) VALUES (${q(phone)}, '导出测试', UTC_TIMESTAMP());
           SET @cu = LAST_INSERT_ID();
           INSERT INTO orders (order_no, customer_id, placed_at, delivered_at, payment_method, updated_at)
           VALUES (${q('SO-' + tag)}, @cu, UTC_TIMESTAMP() - INTERVAL 3 DAY, UTC_TIMESTAMP() - INTERVAL 2 DAY, 'alipay', UTC_TIMESTAMP());
           SET @o = LAST_INSERT_ID();
           INSERT INTO order_items (order_id, sku, name, category, qty, unit_price_fen, paid_fen) VALUES (@o, 'QX-1', '水壶', 'appliance', 3, 5000, 15000);
           SET @i = LAST_INSERT_ID();`;
  const kinds = [['exchange', 'wrong_item', 'chat'], ['return_refund', 'quality_defect', 'online'], ['exchange', 'missing_parts', 'email']];
  kinds.forEach(([type, reason, channel], k) => {
    const no = `AS${tag}${k}`.slice(0, 20);
    s += `INSERT INTO cases (case_no, customer_id, order_id, type, reason, description, state, channel, nonce, created_at, updated_at)
          VALUES (${q(no)}, @cu, @o, ${q(type)}, ${q(reason)}, 'x', 'submitted', ${q(channel)}, ${q(no)}, UTC_TIMESTAMP() - INTERVAL ${k} MINUTE, UTC_TIMESTAMP());
          INSERT INTO case_items (case_id, order_item_id, qty) VALUES (LAST_INSERT_ID(), @i, 1);`;
  });
  sql(s);
  for (const filter of [`q=${phone}`, `q=${phone}&type=exchange&sort=submitted`, `q=${phone}&status=approved`]) {
    const page = await m.get(`/staff/queue?${filter}`);
    assert.equal(page.status, 200, filter);
    const listed = [...page.text.matchAll(/data-case="([^"]+)"/g)].map((x) => x[1]);
    const link = /<a id="queue-export" href="([^"]+)"/.exec(page.text);
    assert.ok(link, `${filter}: the queue links its export`);
    const href = link[1].replace(/&amp;/g, '&');
    assert.ok(href.startsWith('/staff/export/queue.csv?'), href);
    const rows = await csv(href);
    assert.deepEqual(rows.slice(1).map((r) => r[0]), listed, `${filter}: the same cases in the same order`);
    for (const r of rows.slice(1)) {
      const head = rows[0];
      const L = langStrings('en');
      assert.equal(r[head.indexOf(L.csv_type_words)], words('en', 'type', r[4]));
      assert.equal(r[head.indexOf(L.csv_items)], 'QX-1 水壶 ×1');
      assert.equal(r[head.indexOf(L.csv_value)], '50.00');
    }
    if (filter.includes('exchange')) assert.equal(listed.length, 2);
    else if (filter.includes('approved')) assert.equal(listed.length, 0);
    else assert.equal(listed.length, 3);
  }
  assertErrorPage(await m.get('/staff/export/queue.csv?sort=nope'), 400, 'a sort key not in the list');
  assertErrorPage(await m.get('/staff/export/queue.csv?status=%27%20OR%201'), 400, 'a state not in the list');
  const agent = await staffAs('agent');
  assert.doesNotMatch((await agent.get('/staff/queue')).text, /id="queue-export"/, 'no export link for an agent');
  assertErrorPage(await agent.get(`/staff/export/queue.csv?q=${phone}`), 403, 'nor the export');
});
