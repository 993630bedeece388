// orders.test.mjs — /my/orders lists a customer's orders newest first
// (by when they were placed, then the later import of two at the same
// second), ten to a page with the items of each in their order, and a
// pager: over real HTTP against the test stack.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { importOrders, orderDoc, register, shopTime, uniqueOrderNo, uniquePhone } from './lib.mjs';

/** The orders of a page in the order shown, each with its item ids. */
function shown(html) {
  return html.split('<section class="card order"').slice(1).map((s) => ({
    orderNo: /id="order-([^"]+)"/.exec(s)[1],
    items: [...s.matchAll(/<li class="item" id="item-(\d+)"/g)].map((m) => Number(m[1])),
  }));
}

test('my orders: newest first over two pages, ties by the later order, items in order, a pager', async () => {
  const phone = uniquePhone();
  const tie = shopTime(30);
  // Twelve orders, imported oldest-placed first except two placed at the
  // same second (the later import is shown first) and one imported last
  // but placed long ago; each with three items.
  const plan = [
    { days: 40 }, { days: 5 }, { days: 20 }, { at: tie }, { days: 2 }, { days: 12 },
    { days: 9 }, { at: tie }, { days: 60 }, { days: 3 }, { days: 15 }, { days: 90 },
  ];
  const docs = plan.map((p, i) => {
    const doc = orderDoc({
      orderNo: uniqueOrderNo(`OP${i}`),
      phone,
      daysAgo: 1,
      items: ['A', 'B', 'C'].map((k) => ({ sku: `OP-${i}-${k}`, name: `商品${i}${k}`, category: 'other', qty: 1, unit_price_fen: 1000 })),
    });
    doc.placed_at = p.at ?? shopTime(p.days);
    return doc;
  });
  for (const doc of docs) await importOrders([doc]); // one by one: ids rise in this order
  const client = await register(docs[0].order_no, phone, 'pw-orders-1');

  const expected = docs
    .map((d, i) => ({ orderNo: d.order_no, at: new Date(d.placed_at).getTime(), i }))
    .sort((a, b) => b.at - a.at || b.i - a.i)
    .map((o) => o.orderNo);
  const first = await client.get('/my/orders');
  assert.equal(first.status, 200);
  const page1 = shown(first.text);
  assert.deepEqual(page1.map((o) => o.orderNo), expected.slice(0, 10), 'page 1: the ten newest, newest first');
  const tied = docs.filter((d) => d.placed_at === tie).map((d) => d.order_no);
  assert.ok(expected.indexOf(tied[1]) === expected.indexOf(tied[0]) - 1, 'of two placed at the same second, the later import comes first');
  assert.match(first.text, /rel="next" href="\/my\/orders\?page=2"/, 'a link to page 2');

  const second = await client.get('/my/orders?page=2');
  assert.equal(second.status, 200);
  const page2 = shown(second.text);
  assert.deepEqual(page2.map((o) => o.orderNo), expected.slice(10), 'page 2: the other two');
  assert.doesNotMatch(second.text, /rel="next"/, 'no page 3');

  for (const o of [...page1, ...page2]) {
    assert.equal(o.items.length, 3, `${o.orderNo}: its three items`);
    assert.deepEqual(o.items, [...o.items].sort((a, b) => a - b), `${o.orderNo}: items in their order`);
  }
  const all = [...page1, ...page2].flatMap((o) => o.items);
  assert.equal(new Set(all).size, 36, 'no item shown twice or under another order');
});
