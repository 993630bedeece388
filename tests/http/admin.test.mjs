// admin.test.mjs — the manager's pages of issue 4 over real HTTP: staff
// accounts (create, roles, disable and enable, a new password), the
// policies (return windows, category rules, refund threshold, on-site
// limits, service cities) and the audit trail with its filters and pages.
// Only a manager gets them; every refusal changes nothing. Every setting
// this file changes is put back in a finally block (later suites share the
// stack); the accounts it makes are disabled at the end.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';

import {
  Client, assertErrorPage, assertRedirect, caseNoOf, count, fieldErrors, freshCustomer, q,
  sql, staffAs, stripTags, submitRequest,
} from './lib.mjs';

const RUN = `${Date.now().toString(36)}${process.pid}`;
const made = []; // e-mails of the accounts this file makes
let seq = 0;

after(() => {
  if (made.length) sql(`UPDATE staff SET disabled = 1 WHERE email IN (${made.map(q).join(', ')})`);
});

function newEmail(tag) {
  const email = `adm-${tag}-${RUN}-${++seq}@test.local`;
  made.push(email);
  return email;
}

function staffRow(email) {
  const rows = sql(`SELECT id, name, roles, disabled, session_epoch, password_hash FROM staff WHERE email = ${q(email)}`);
  if (!rows.length) return null;
  const [id, name, roles, disabled, epoch, hash] = rows[0];
  return { id, name, roles: Number(roles), disabled: disabled === '1', epoch: Number(epoch), hash };
}

function staffIdOf(email) {
  return sql(`SELECT id FROM staff WHERE email = ${q(email)}`)[0][0];
}

function settingsSnapshot() {
  return {
    settings: sql('SELECT name, value FROM settings ORDER BY name'),
    categories: sql('SELECT code, no_reason_ok, returnable, warranty_days FROM categories ORDER BY code'),
  };
}

function restoreSettings(snap) {
  let stmts = '';
  for (const [name, value] of snap.settings) stmts += `UPDATE settings SET value = ${q(value)} WHERE name = ${q(name)};`;
  for (const [code, nr, ret, days] of snap.categories)
    stmts += `UPDATE categories SET no_reason_ok = ${nr}, returnable = ${ret}, warranty_days = ${days} WHERE code = ${q(code)};`;
  sql(stmts);
}

async function staffLogin(email, password) {
  const c = new Client();
  await c.get('/staff/login');
  const res = await c.postForm('/staff/login', { csrf: c.csrf, login: email, password });
  if (res.status === 303) await c.get('/staff/queue');
  return { c, res };
}

/** A new account made through the page; returns { email, password, id }. */
async function createStaff(tag, { name = `测试员工 ${tag}`, roles = ['agent'], password = 'pw-' + randomBytes(6).toString('hex') } = {}) {
  const mgr = await staffAs('manager');
  await mgr.get('/staff/admin/users');
  const email = newEmail(tag);
  const body = new URLSearchParams({ csrf: mgr.csrf, email, name, password });
  for (const r of roles) body.append('roles', r);
  const res = await mgr.postForm('/staff/admin/users', body);
  const row = staffRow(email);
  assert.ok(row, `${email} was created (${res.status} ${stripTags(res.text).slice(0, 200)})`);
  assertRedirect(res, `/staff/admin/users#user-${row.id}`, 'create account');
  return { email, password, id: row.id, name };
}

/** The users page's form values of the policies page, as the page shows them. */
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
  return fields;
}

function setting(name) {
  return sql(`SELECT value FROM settings WHERE name = ${q(name)}`)[0][0];
}

// ------------------------------------------------------------------ access

test('only a manager gets the pages: agent 403, signed out to the staff sign-in, manager 200 with links', async () => {
  const mgr = await staffAs('manager');
  const agent = await staffAs('agent');
  const nobody = new Client();
  for (const path of ['/staff/admin/users', '/staff/admin/policies', '/staff/audit']) {
    const page = await mgr.get(path);
    assert.equal(page.status, 200, `manager ${path}`);
    assert.ok(page.text.includes(`<a href="${path}" aria-current="page">`), `${path} is in the manager's navigation, marked current`);
    assertErrorPage(await agent.get(path), 403, `agent ${path}`);
    assertRedirect(await nobody.get(path), '/staff/login', `signed out ${path}`);
  }
  const queue = await agent.get('/staff/queue');
  for (const path of ['/staff/admin/users', '/staff/admin/policies', '/staff/audit'])
    assert.ok(!queue.text.includes(`href="${path}"`), `an agent's navigation has no ${path}`);
});

test('an agent\'s or a signed-out POST to any admin form is refused and changes nothing', async () => {
  const target = await createStaff('refused', { roles: ['warehouse'] });
  const before = staffRow(target.email);
  const snap = settingsSnapshot();
  const staffCount = count('SELECT COUNT(*) FROM staff');
  const agent = await staffAs('agent');
  await agent.get('/staff/queue');
  const nobody = new Client();
  await nobody.get('/staff/login');
  const posts = [
    ['/staff/admin/users', { email: newEmail('never'), name: 'x', roles: 'agent', password: 'longenough1' }],
    [`/staff/admin/users/${target.id}/roles`, { roles: 'finance' }],
    [`/staff/admin/users/${target.id}/disable`, {}],
    [`/staff/admin/users/${target.id}/password`, { password: 'another-pass-1' }],
    ['/staff/admin/policies', { no_reason_days: '1', quality_return_days: '1', quality_exchange_days: '1', quality_repair_days: '1', refund_only_days: '1', refund_approval: '1', arrival_same_city_hours: '1', arrival_other_city_hours: '1', service_cities: 'x' }],
  ];
  for (const [path, fields] of posts) {
    assertErrorPage(await agent.postForm(path, { csrf: agent.csrf, ...fields }), 403, `agent POST ${path}`);
    assertRedirect(await nobody.postForm(path, { csrf: nobody.csrf, ...fields }), '/staff/login', `signed-out POST ${path}`);
  }
  sql(`UPDATE staff SET disabled = 1 WHERE id = ${target.id}`);
  try {
    assertErrorPage(await agent.postForm(`/staff/admin/users/${target.id}/enable`, { csrf: agent.csrf }), 403, 'agent POST enable');
    assert.equal(staffRow(target.email).disabled, true, 'still disabled');
  } finally {
    sql(`UPDATE staff SET disabled = 0 WHERE id = ${target.id}`);
  }
  assert.deepEqual(staffRow(target.email), before, 'the account is as it was');
  assert.equal(count('SELECT COUNT(*) FROM staff'), staffCount, 'no account was made');
  assert.deepEqual(settingsSnapshot(), snap, 'no setting changed');
});

// ------------------------------------------------------------------ users

test('the manager creates an account with roles; it signs in and is listed; bad fields are 400 next to the field and keep what was typed', async () => {
  const mgr = await staffAs('manager');
  const acct = await createStaff('new', { roles: ['finance', 'tech'] });
  const row = staffRow(acct.email);
  assert.equal(row.roles, 8 | 16, 'finance and tech bits');
  assert.equal(row.disabled, false);
  assert.equal(row.name, acct.name);
  const signed = await staffLogin(acct.email, acct.password);
  assertRedirect(signed.res, '/staff/queue', 'the new account signs in');

  const list = await mgr.get('/staff/admin/users');
  const card = new RegExp(`<li class="card user" id="user-${row.id}" data-user="${row.id}" data-disabled="0">([\\s\\S]*?)</li>\\s*(<li|</ul>)`).exec(list.text);
  assert.ok(card, 'the account is listed');
  assert.ok(card[1].includes(acct.email), 'with its e-mail');
  assert.match(card[1], /<span class="roles">Finance, Technician<\/span>/, 'and its roles');
  assert.match(card[1], /name="roles" value="finance" checked/, 'finance ticked in its roles form');
  assert.match(card[1], /name="roles" value="agent">/, 'agent not ticked');

  const n = count('SELECT COUNT(*) FROM staff');
  const bad = await mgr.postForm('/staff/admin/users', new URLSearchParams([
    ['csrf', mgr.csrf], ['email', 'not-an-email'], ['name', '王<b>五'], ['roles', 'tech'], ['password', 'short'],
  ]));
  assert.equal(bad.status, 400);
  const errs = fieldErrors(bad.text);
  assert.ok(errs.email, 'an e-mail error');
  assert.ok(errs.password, 'a password error');
  assert.equal(errs.name, undefined, 'the name was fine');
  assert.match(bad.text, /id="new-email" name="email"[^>]*value="not-an-email"/, 'the e-mail typed is kept');
  assert.match(bad.text, /id="new-name" name="name"[^>]*value="王&lt;b&gt;五"/, 'the name typed is kept, escaped');
  const newForm = bad.text.slice(bad.text.indexOf('id="user-new"'), bad.text.indexOf('</form>', bad.text.indexOf('id="user-new"')));
  assert.match(newForm, /name="roles" value="tech" checked/, 'the roles ticked are kept');

  const none = await mgr.postForm('/staff/admin/users', { csrf: mgr.csrf, email: newEmail('noroles'), name: 'Nobody', password: 'longenough1' });
  assert.equal(none.status, 400);
  assert.ok(fieldErrors(none.text).roles, 'no role ticked');
  const unknown = await mgr.postForm('/staff/admin/users', { csrf: mgr.csrf, email: newEmail('badrole'), name: 'Nobody', password: 'longenough1', roles: 'admin' });
  assert.equal(unknown.status, 400);
  assert.ok(fieldErrors(unknown.text).roles, 'a role that does not exist');
  const empty = await mgr.postForm('/staff/admin/users', { csrf: mgr.csrf, email: newEmail('noname'), name: '', password: 'longenough1', roles: 'agent' });
  assert.equal(empty.status, 400);
  assert.ok(fieldErrors(empty.text).name, 'an empty name');
  const taken = await mgr.postForm('/staff/admin/users', { csrf: mgr.csrf, email: acct.email, name: 'Someone else', password: 'longenough1', roles: 'agent' });
  assert.equal(taken.status, 400);
  assert.match(fieldErrors(taken.text).email, /already exists/, 'the e-mail is taken');
  assert.equal(count('SELECT COUNT(*) FROM staff'), n, 'no refused form made an account');
  assert.deepEqual(staffRow(acct.email), row, 'the taken e-mail\'s account is untouched');
});

test('roles change at the member\'s next request; a manager cannot demote themself', async () => {
  const mgr = await staffAs('manager');
  const acct = await createStaff('roles', { roles: ['agent'] });
  const { c } = await staffLogin(acct.email, acct.password);
  assert.equal((await c.get('/staff/cases/new')).status, 200, 'an agent registers cases');
  await mgr.get('/staff/admin/users');
  const body = new URLSearchParams([['csrf', mgr.csrf], ['roles', 'warehouse'], ['roles', 'logistics']]);
  assertRedirect(await mgr.postForm(`/staff/admin/users/${acct.id}/roles`, body), `/staff/admin/users#user-${acct.id}`);
  assert.equal(staffRow(acct.email).roles, 2 | 4, 'warehouse and logistics');
  assertErrorPage(await c.get('/staff/cases/new'), 403, 'no longer an agent, at once');

  assertRedirect(await mgr.postForm(`/staff/admin/users/${acct.id}/roles`, { csrf: mgr.csrf, roles: 'manager' }), `/staff/admin/users#user-${acct.id}`);
  assert.equal(staffRow(acct.email).roles, 63, 'a manager has every role');
  assert.equal((await c.get('/staff/admin/users')).status, 200, 'and now gets the admin pages');
  assertRedirect(await mgr.postForm(`/staff/admin/users/${acct.id}/roles`, { csrf: mgr.csrf, roles: 'tech' }), `/staff/admin/users#user-${acct.id}`);

  const before = staffRow(acct.email);
  const none = await mgr.postForm(`/staff/admin/users/${acct.id}/roles`, { csrf: mgr.csrf });
  assert.equal(none.status, 400);
  assert.ok(fieldErrors(none.text)[`roles_${acct.id}`], 'no role: the error is next to that account\'s roles');
  const bogus = await mgr.postForm(`/staff/admin/users/${acct.id}/roles`, { csrf: mgr.csrf, roles: 'agent,finance' });
  assert.equal(bogus.status, 400, 'one role a box');
  assert.deepEqual(staffRow(acct.email), before, 'refusals changed nothing');

  const me = staffIdOf('manager@demo.local');
  const meBefore = staffRow('manager@demo.local');
  const demote = await mgr.postForm(`/staff/admin/users/${me}/roles`, new URLSearchParams([['csrf', mgr.csrf], ['roles', 'agent'], ['roles', 'finance']]));
  assert.equal(demote.status, 400);
  assert.match(fieldErrors(demote.text)[`roles_${me}`], /cannot take the manager role away from yourself/);
  const myCard = demote.text.slice(demote.text.indexOf(`id="user-${me}"`));
  const myRoles = myCard.slice(0, myCard.indexOf('</form>'));
  assert.match(myRoles, /value="finance" checked/, 'the boxes ticked are kept');
  assert.doesNotMatch(myRoles, /value="manager" checked/, 'as typed, not as stored');
  const createForm = demote.text.slice(demote.text.indexOf('id="user-new"'), demote.text.indexOf('</form>', demote.text.indexOf('id="user-new"')));
  assert.doesNotMatch(createForm, / checked/, 'the new-account form is not filled with another form\'s boxes');
  assert.deepEqual(staffRow('manager@demo.local'), meBefore, 'the manager is still a manager');

  assertErrorPage(await mgr.postForm('/staff/admin/users/999999999/roles', { csrf: mgr.csrf, roles: 'agent' }), 404, 'no such account');
  assertErrorPage(await mgr.postForm(`/staff/admin/users/${acct.id}/promote`, { csrf: mgr.csrf }), 404, 'no such change');
  assertErrorPage(await mgr.postForm('/staff/admin/users/abc/roles', { csrf: mgr.csrf, roles: 'agent' }), 404, 'not an id');
});

test('a disabled member\'s session dies at once and they cannot sign in; enabled again, they can', async () => {
  const mgr = await staffAs('manager');
  const acct = await createStaff('disable', { roles: ['agent'] });
  const { c } = await staffLogin(acct.email, acct.password);
  assert.equal((await c.get('/staff/queue')).status, 200, 'signed in');
  const before = staffRow(acct.email);

  await mgr.get('/staff/admin/users');
  assertRedirect(await mgr.postForm(`/staff/admin/users/${acct.id}/disable`, { csrf: mgr.csrf }), `/staff/admin/users#user-${acct.id}`);
  const after1 = staffRow(acct.email);
  assert.equal(after1.disabled, true);
  assert.ok(after1.epoch > before.epoch, 'the session epoch moved on');
  assertRedirect(await c.get('/staff/queue'), '/staff/login', 'the old session is refused at once');
  const page = await mgr.get('/staff/admin/users');
  assert.match(page.text, new RegExp(`id="user-${acct.id}" data-user="${acct.id}" data-disabled="1"`), 'listed as disabled');
  assert.ok(page.text.includes(`action="/staff/admin/users/${acct.id}/enable"`), 'with a button to enable it');
  const refused = await staffLogin(acct.email, acct.password);
  assert.equal(refused.res.status, 401, 'a disabled account cannot sign in');
  assert.equal(refused.c.cookie('sid'), undefined);

  assertRedirect(await mgr.postForm(`/staff/admin/users/${acct.id}/enable`, { csrf: mgr.csrf }), `/staff/admin/users#user-${acct.id}`);
  assert.equal(staffRow(acct.email).disabled, false);
  const again = await staffLogin(acct.email, acct.password);
  assertRedirect(again.res, '/staff/queue', 'enabled again, the account signs in');
  assertRedirect(await c.get('/staff/queue'), '/staff/login', 'the session from before stays dead');

  const me = staffIdOf('manager@demo.local');
  const meBefore = staffRow('manager@demo.local');
  const self = await mgr.postForm(`/staff/admin/users/${me}/disable`, { csrf: mgr.csrf });
  assert.equal(self.status, 400);
  assert.match(fieldErrors(self.text)[`disable_${me}`], /cannot disable your own account/);
  assert.deepEqual(staffRow('manager@demo.local'), meBefore, 'the manager is not disabled');
  assert.equal((await mgr.get('/staff/queue')).status, 200, 'and still signed in');
  sql(`DELETE FROM login_throttle WHERE k IN (${q(`login:s:${acct.email}`)}, ${q(`account:s:${acct.id}`)})`);
});

test('a new password set by the manager: the old one fails, the new one works, old sessions end', async () => {
  const mgr = await staffAs('manager');
  const acct = await createStaff('password', { roles: ['finance'] });
  const { c } = await staffLogin(acct.email, acct.password);
  const before = staffRow(acct.email);
  await mgr.get('/staff/admin/users');
  const short = await mgr.postForm(`/staff/admin/users/${acct.id}/password`, { csrf: mgr.csrf, password: 'seven77' });
  assert.equal(short.status, 400);
  assert.ok(fieldErrors(short.text)[`password_${acct.id}`], 'too short: the error is next to that account\'s password');
  assert.deepEqual(staffRow(acct.email), before, 'nothing changed');

  const fresh = 'new-pass-' + randomBytes(4).toString('hex');
  assertRedirect(await mgr.postForm(`/staff/admin/users/${acct.id}/password`, { csrf: mgr.csrf, password: fresh }), `/staff/admin/users#user-${acct.id}`);
  const row = staffRow(acct.email);
  assert.notEqual(row.hash, before.hash, 'a new hash');
  assert.ok(row.epoch > before.epoch, 'the epoch moved on');
  assertRedirect(await c.get('/staff/queue'), '/staff/login', 'the session from before is over');
  assert.equal((await staffLogin(acct.email, acct.password)).res.status, 401, 'the old password fails');
  assertRedirect((await staffLogin(acct.email, fresh)).res, '/staff/queue', 'the new one works');
  sql(`DELETE FROM login_throttle WHERE k IN (${q(`login:s:${acct.email}`)}, ${q(`account:s:${acct.id}`)})`);
});

test('staff names are escaped on the users page', async () => {
  const mgr = await staffAs('manager');
  const acct = await createStaff('xss', { name: '<script>alert("u")</script>Eve' });
  const page = await mgr.get('/staff/admin/users');
  assert.ok(!page.text.includes('<script>alert("u")'), 'no live script tag');
  assert.ok(page.text.includes('&lt;script&gt;alert(&quot;u&quot;)&lt;/script&gt;Eve'), 'the name shows escaped');
  assert.equal(staffRow(acct.email).name, acct.name, 'stored as typed');
});

// --------------------------------------------------------------- policies

test('the policies page shows the settings; a shorter no-reason window changes what /my/orders says', async () => {
  const snap = settingsSnapshot();
  const mgr = await staffAs('manager');
  const cust = await freshCustomer('POL', [{ sku: 'EAR-P', name: '耳机', category: 'electronics', qty: 1, unit_price_fen: 19900 }], { daysAgo: 2 });
  const rr = () => cust.order.items[0].types.return_refund;
  assert.equal(rr().ok, true, `a 2-day-old delivery may be returned (${rr().text})`);
  assert.ok(rr().text.includes('no-reason'), `without a reason (${rr().text})`);
  try {
    const page = await mgr.get('/staff/admin/policies');
    assert.equal(page.status, 200);
    const form = policyForm(page.text);
    assert.equal(form.no_reason_days, setting('no_reason_days'), 'the page shows the window');
    assert.equal(form.refund_approval, (Number(setting('refund_approval_fen')) / 100).toFixed(2), 'the threshold in yuan');
    assert.equal(form.arrival_same_city_hours, setting('arrival_same_city_hours'));
    assert.equal(form.service_cities, setting('service_cities'));
    const [[ret, warranty]] = sql(`SELECT returnable, warranty_days FROM categories WHERE code = 'electronics'`);
    assert.equal(form.warranty_days_electronics, warranty);
    assert.equal(form.returnable_electronics, ret === '1' ? '1' : undefined);

    const res = await mgr.postForm('/staff/admin/policies', {
      ...form, csrf: mgr.csrf, no_reason_days: '0', refund_approval: '600.50', arrival_same_city_hours: '12',
      arrival_other_city_hours: '96', service_cities: '上海,北京', warranty_days_clothing: '30',
    });
    assertRedirect(res, '/staff/admin/policies?saved=1', 'saved');
    assert.equal(setting('no_reason_days'), '0');
    assert.equal(setting('refund_approval_fen'), '60050', 'yuan stored as fen');
    assert.equal(setting('arrival_same_city_hours'), '12');
    assert.equal(setting('arrival_other_city_hours'), '96');
    assert.equal(setting('service_cities'), '上海,北京');
    assert.equal(sql(`SELECT warranty_days FROM categories WHERE code = 'clothing'`)[0][0], '30');
    assert.deepEqual(sql(`SELECT code, no_reason_ok, returnable FROM categories ORDER BY code`),
      snap.categories.map(([code, nr, r]) => [code, nr, r]), 'the boxes left as they were stay so');
    const shown = policyForm((await mgr.get('/staff/admin/policies?saved=1')).text);
    assert.equal(shown.refund_approval, '600.50', 'shown back in yuan');

    const orders = await cust.client.get('/my/orders');
    const item = orders.text.slice(orders.text.indexOf(`id="item-${cust.order.items[0].id}"`));
    const verdict = /<li class="([^"]*)" data-type="return_refund" data-ok="([^"]*)">([\s\S]*?)<\/li>/.exec(item);
    assert.ok(verdict, 'the item says something about returns');
    assert.ok(!stripTags(verdict[3]).includes('no-reason'), `no more no-reason return (${stripTags(verdict[3])})`);

    // Unticking a category's boxes takes its no-reason return away too.
    const form2 = policyForm((await mgr.get('/staff/admin/policies')).text);
    delete form2.no_reason_ok_electronics;
    assertRedirect(await mgr.postForm('/staff/admin/policies', { ...form2, csrf: mgr.csrf, no_reason_days: '7' }), '/staff/admin/policies?saved=1');
    assert.equal(sql(`SELECT no_reason_ok FROM categories WHERE code = 'electronics'`)[0][0], '0');
    const orders2 = await cust.client.get('/my/orders');
    const item2 = orders2.text.slice(orders2.text.indexOf(`id="item-${cust.order.items[0].id}"`));
    const verdict2 = /data-type="return_refund" data-ok="[^"]*">([\s\S]*?)<\/li>/.exec(item2);
    assert.ok(!stripTags(verdict2[1]).includes('no-reason'), `electronics without no-reason returns (${stripTags(verdict2[1])})`);
  } finally {
    restoreSettings(snap);
  }
  assert.deepEqual(settingsSnapshot(), snap, 'restored');
  const back = await cust.client.get('/my/orders');
  assert.ok(back.text.includes('7-day no-reason return'), 'and the item may be returned without a reason again');
});

test('policy values out of range are 400 with errors next to the fields, keep what was typed, and change nothing', async () => {
  const snap = settingsSnapshot();
  const mgr = await staffAs('manager');
  try {
    const form = policyForm((await mgr.get('/staff/admin/policies')).text);
    const bad = await mgr.postForm('/staff/admin/policies', {
      ...form, csrf: mgr.csrf, no_reason_days: '366', quality_return_days: '-1', quality_exchange_days: '7.5',
      refund_only_days: '', arrival_same_city_hours: '0', arrival_other_city_hours: '721', refund_approval: '-5',
      service_cities: '城'.repeat(86), warranty_days_food: '99999',
    });
    assert.equal(bad.status, 400);
    const errs = fieldErrors(bad.text);
    for (const f of ['no_reason_days', 'quality_return_days', 'quality_exchange_days', 'refund_only_days',
      'arrival_same_city_hours', 'arrival_other_city_hours', 'refund_approval', 'service_cities', 'warranty_days_food'])
      assert.ok(errs[f], `an error next to ${f} (errors: ${Object.keys(errs).join(', ')})`);
    assert.equal(errs.quality_repair_days, undefined, 'a good field has no error');
    const kept = policyForm(bad.text);
    assert.equal(kept.no_reason_days, '366', 'what was typed is kept');
    assert.equal(kept.refund_approval, '-5');
    assert.equal(kept.warranty_days_food, '99999');
    assert.deepEqual(settingsSnapshot(), snap, 'nothing saved, not even the good fields');

    const ctrl = await mgr.postForm('/staff/admin/policies', { ...form, csrf: mgr.csrf, service_cities: '上海\u0001北京' });
    assert.equal(ctrl.status, 400);
    assert.ok(fieldErrors(ctrl.text).service_cities, 'a control character in the cities');
    const money = await mgr.postForm('/staff/admin/policies', { ...form, csrf: mgr.csrf, refund_approval: '12.345' });
    assert.equal(money.status, 400);
    assert.ok(fieldErrors(money.text).refund_approval, 'three decimals');
    assert.deepEqual(settingsSnapshot(), snap, 'still nothing saved');
  } finally {
    restoreSettings(snap);
  }
});

// ------------------------------------------------------------------ audit

/** The rows of the audit page. */
function auditRows(html) {
  return [...html.matchAll(/<tr class="event" data-case="([^"]*)" data-action="([^"]*)" data-actor="([^"]*)">([\s\S]*?)<\/tr>/g)]
    .map((m) => ({ caseNo: m[1], action: m[2], actor: m[3], who: stripTags(/<td class="who">([\s\S]*?)<\/td>/.exec(m[4])[1]), at: stripTags(/<time>([^<]*)<\/time>/.exec(m[4])[1]), html: m[4] }));
}

test('the audit trail: newest first, by case, by staff member with a second page, by local dates; bad filters are 400', async () => {
  const mgr = await staffAs('manager');
  const auditor = await createStaff('audit', { name: '<script>alert(1)</script>审计', roles: ['agent'] });
  const cust = await freshCustomer('AUD', [{ sku: 'AUD-1', name: '音箱', category: 'electronics', qty: 1, unit_price_fen: 9900 }]);
  const { res } = await submitRequest(cust.client, cust.orderNo, {
    type: 'return_refund', reason: 'quality_defect', description: '无声音', qty: { [cust.order.items[0].id]: 1 },
  });
  const caseNo = caseNoOf(res);
  const [[caseId]] = sql(`SELECT id FROM cases WHERE case_no = ${q(caseNo)}`);
  // 25 notes by the new member, one a day, at 20:00 UTC (04:00 the next day in Shanghai).
  let stmts = '';
  for (let i = 0; i < 25; i++)
    stmts += `INSERT INTO case_events (case_id, at, actor_kind, actor_id, action, from_state, to_state, note) VALUES (${caseId}, '2025-03-01 20:00:00' + INTERVAL ${i} DAY, 's', ${auditor.id}, 'assign', 'submitted', 'submitted', ${q(`note ${i}`)});`;
  sql(stmts);

  const byStaff = await mgr.get(`/staff/audit?staff_id=${auditor.id}`);
  assert.equal(byStaff.status, 200);
  const page1 = auditRows(byStaff.text);
  assert.equal(page1.length, 20, 'a page holds 20');
  assert.ok(page1.every((r) => r.actor === 's' && r.caseNo === caseNo), 'only that member\'s events');
  assert.equal(stripTags(page1[0].html).includes('note 24'), true, 'newest first');
  assert.equal(page1[0].at, '2025-03-26 04:00', 'local time, Asia/Shanghai');
  assert.ok(page1[0].html.includes(`<a href="/staff/cases/${caseNo}">${caseNo}</a>`), 'a link to the case');
  assert.ok(page1[0].html.includes('Submitted → Submitted'), 'from → to state labels');
  assert.ok(page1[0].html.includes('Assign'), 'the action label');
  assert.ok(!byStaff.text.includes('<script>alert(1)'), 'the name is not live markup');
  assert.ok(page1[0].html.includes('&lt;script&gt;alert(1)&lt;/script&gt;审计'), 'the name shows escaped');
  assert.match(byStaff.text, new RegExp(`<option value="${auditor.id}" selected>`), 'the staff select keeps the choice');
  const next = /<a rel="next" href="([^"]*)">/.exec(byStaff.text);
  assert.ok(next, 'a link to page 2');
  const href = next[1].replace(/&amp;/g, '&');
  assert.ok(href.includes(`staff_id=${auditor.id}`) && href.includes('page=2'), `page 2 keeps the filter (${href})`);
  const p2 = await mgr.get(href);
  const page2 = auditRows(p2.text);
  assert.equal(page2.length, 5, 'the other 5');
  assert.ok(stripTags(page2[4].html).includes('note 0'), 'the oldest last');
  assert.ok(/<a rel="prev" href="[^"]*page=1"/.test(p2.text), 'and back to page 1');
  assert.ok(!/<a rel="next"/.test(p2.text), 'no page 3');

  const byCase = auditRows((await mgr.get(`/staff/audit?case_no=${caseNo}`)).text);
  assert.equal(byCase.length, 20);
  const byCase2 = auditRows((await mgr.get(`/staff/audit?case_no=${caseNo}&page=2`)).text);
  assert.equal(byCase2.length, 6, '25 notes and the submission');
  assert.ok(stripTags(byCase2[5].html).includes('note 0'), 'the oldest note last');
  const submit = byCase[0]; // today, after the notes dated 2025
  assert.equal(submit.action, 'submit');
  assert.equal(submit.actor, 'c');
  assert.equal(submit.who, 'Customer', 'the customer, not a name');
  assert.ok(!submit.html.includes('→'), 'the first event has no from-state');
  assert.ok([...byCase, ...byCase2].every((r) => r.caseNo === caseNo));

  // 2025-03-03 and 03-04 in Shanghai: the notes made at 20:00 UTC on 03-02 and 03-03.
  const byDate = auditRows((await mgr.get(`/staff/audit?staff_id=${auditor.id}&from=2025-03-03&to=2025-03-04`)).text);
  assert.deepEqual(byDate.map((r) => r.at), ['2025-03-04 04:00', '2025-03-03 04:00']);
  const oneDay = auditRows((await mgr.get(`/staff/audit?case_no=${caseNo}&from=2025-03-02&to=2025-03-02`)).text);
  assert.deepEqual(oneDay.map((r) => stripTags(r.html).match(/note \d+/)[0]), ['note 0']);
  const none = await mgr.get(`/staff/audit?case_no=AS000000000000`);
  assert.equal(auditRows(none.text).length, 0);
  assert.match(none.text, /class="empty"/, 'says nothing matches');
  const other = auditRows((await mgr.get(`/staff/audit?staff_id=${staffIdOf('finance@demo.local')}&case_no=${caseNo}`)).text);
  assert.equal(other.length, 0, 'someone else made none of this case\'s events');

  for (const bad of ['from=2025-02-30', 'to=2025-3-1', 'staff_id=abc', 'staff_id=0', 'case_no=%3Cscript%3E', 'case_no=' + 'A'.repeat(21),
    'from=2025-03-05&to=2025-03-04'])
    assertErrorPage(await mgr.get(`/staff/audit?${bad}`), 400, `bad filter ${bad}`);
});

test('the audit filters use indexes (EXPLAIN)', () => {
  const plan = (where) => sql(`EXPLAIN SELECT e.id FROM case_events e WHERE ${where} ORDER BY e.at DESC, e.id DESC LIMIT 21`)
    .map((r) => r.join(' ')).join('\n');
  assert.match(plan(`e.actor_kind = 's' AND e.actor_id = 1`), /case_events_actor/, 'by staff member');
  assert.match(plan(`e.at >= '2025-03-01' AND e.at < '2025-03-02'`), /case_events_at/, 'by date');
});
