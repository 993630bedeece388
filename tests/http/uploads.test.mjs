// uploads.test.mjs — hostile files on the two upload doors (the request
// form POST /my/requests and a case message POST /my/requests/{no}/messages):
// scripts and pages renamed .jpg, SVG, GIF/JS and JPEG/HTML polyglots, files
// over the size limit, too many files, empty files, names with paths,
// control characters and CRLF. Anything that is not a JPEG/PNG/WebP by its
// content is a clear 4xx and writes nothing (no case, no message, no
// attachment row). A real polyglot whose magic bytes make it a valid image
// may be taken, but is then served only as that image type, never sniffed,
// never run as a page (X-Content-Type-Options, a sandboxing CSP).
// badinput.test.mjs already covers a text file named .jpg, 7 photos and a
// 5 MB + 1 photo on the request form, and a backslash path.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  JPEG,
  assertErrorPage,
  caseNoOf,
  cancelCase,
  count,
  customerFootprint,
  fieldErrors,
  freshCustomer,
  multipart,
  parseRequestForm,
  png,
  pngOfSize,
  q,
  requestParts,
  sql,
} from './lib.mjs';

const MB = 1 << 20;

// ---------------------------------------------------------------- payloads

const PHP = Buffer.from('<?php system($_GET["c"]); ?>\n');
const HTML = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>\n');
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>\n');
// A GIF header that is also JavaScript (GIF89a=…): GIF is not an accepted type.
const GIF_JS = Buffer.concat([Buffer.from('GIF89a/*'), Buffer.from([1, 0, 1, 0, 0, 0, 0]), Buffer.from('*/=1;alert(document.domain);//;')]);
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'); // a real 1×1 GIF
// Real images carrying a page: HTML after the JPEG's end marker, and a PNG
// followed by HTML. Their magic bytes make them images.
const JPEG_HTML = Buffer.concat([JPEG, HTML]);
const PNG_HTML = Buffer.concat([png(1, 1), Buffer.from('<html><script>alert(1)</script>')]);
// HTML first, image after: not an image by its first bytes.
const HTML_JPEG = Buffer.concat([HTML, JPEG]);
const JPEG_STUB = Buffer.from([0xff, 0xd8]); // two bytes of magic, no image
const PE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62)]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\n');

/** Files that are not images, each claimed to be one: [what, file]. */
const NOT_IMAGES = [
  ['a PHP script named .jpg', { filename: 'shell.jpg', type: 'image/jpeg', data: PHP }],
  ['a PHP script named .php.jpg', { filename: 'shell.php.jpg', type: 'image/jpeg', data: PHP }],
  ['an HTML page named .jpg', { filename: 'page.jpg', type: 'image/jpeg', data: HTML }],
  ['an HTML page sent as text/html', { filename: 'page.html', type: 'text/html', data: HTML }],
  ['an SVG with script', { filename: 'x.svg', type: 'image/svg+xml', data: SVG }],
  ['an SVG named .png', { filename: 'x.png', type: 'image/png', data: SVG }],
  ['a GIF/JS polyglot', { filename: 'poly.gif', type: 'image/gif', data: GIF_JS }],
  ['a real GIF (not an accepted type)', { filename: 'real.gif', type: 'image/gif', data: GIF }],
  ['HTML followed by a JPEG', { filename: 'html-first.jpg', type: 'image/jpeg', data: HTML_JPEG }],
  ['two bytes of JPEG magic', { filename: 'stub.jpg', type: 'image/jpeg', data: JPEG_STUB }],
  ['a Windows executable named .png', { filename: 'setup.png', type: 'image/png', data: PE }],
  ['a PDF named .jpg', { filename: 'doc.jpg', type: 'image/jpeg', data: PDF }],
  ['a zero-byte file', { filename: 'empty.jpg', type: 'image/jpeg', data: Buffer.alloc(0) }],
];

// ---------------------------------------------------------------- helpers

describe('hostile uploads', () => {
  let x; // { client, phone, orderNo, order }
  let item;
  let caseNo; // an open case of x, for messages

  before(async () => {
    x = await freshCustomer('UPL', [{ sku: 'UPL-1', name: '上传测试相机', category: 'electronics', qty: 5, unit_price_fen: 50000 }]);
    item = x.order.items[0];
    const { parts } = await xForm();
    caseNo = caseNoOf(await x.client.postMultipart('/my/requests', parts));
  });

  after(async () => {
    const open = sql(`SELECT c.case_no FROM cases c JOIN customers u ON u.id = c.customer_id WHERE u.phone = ${q(x.phone)} AND c.state = 'submitted'`);
    for (const [no] of open) await cancelCase(x.client, no);
  });

  /** A valid request form of x's order, as multipart parts. */
  async function xForm(spec = {}) {
    const res = await x.client.get(`/my/orders/${x.orderNo}/new`);
    assert.equal(res.status, 200, 'the request form');
    const form = parseRequestForm(res.text);
    const parts = requestParts(x.client, form, {
      type: 'return_refund',
      reason: 'quality_defect',
      description: '上传测试',
      qty: { [item.id]: 1 },
      ...spec,
    });
    return { form, parts };
  }

  function messages() {
    const id = `(SELECT id FROM cases WHERE case_no = ${q(caseNo)})`;
    return {
      messages: count(`SELECT COUNT(*) FROM messages WHERE case_id = ${id}`),
      caseAttachments: count(`SELECT COUNT(*) FROM attachments WHERE case_id = ${id}`),
    };
  }

  /** Everything an upload could write: the customer's and the whole table's. */
  function footprint() {
    return { ...customerFootprint(x.phone), ...messages(), allAttachments: count('SELECT COUNT(*) FROM attachments') };
  }

  async function postMessage(files, body = '看看这张照片') {
    await x.client.get(`/my/requests/${caseNo}`);
    return x.client.postMultipart(`/my/requests/${caseNo}/messages`, [['csrf', x.client.csrf], ['body', body], ...files.map((f) => ['photo', f])]);
  }

  /** The newest attachment of the case: its row and what GET serves. */
  async function newestAttachment() {
    const [id, filename, mime, size] = sql(
      `SELECT a.id, a.filename, a.mime, a.size FROM attachments a JOIN customers u ON u.id = a.customer_id ` +
        `WHERE u.phone = ${q(x.phone)} ORDER BY a.id DESC LIMIT 1`,
    )[0];
    return { id, filename, mime, size: Number(size) };
  }

  /** What /attachments/{id} must look like for a stored file that may carry a page. */
  async function assertServedAsImage(id, mime, data, what) {
    const res = await x.client.get(`/attachments/${id}`);
    assert.equal(res.status, 200, `${what}: served to its owner`);
    assert.equal(res.headers.get('content-type'), mime, `${what}: the sniffed image type, nothing else`);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff', `${what}: never sniffed by the browser`);
    assert.match(res.headers.get('content-security-policy') || '', /(^|;)\s*sandbox(\s*;|$)/, `${what}: a sandboxing CSP, so a page inside can never run`);
    assert.match(res.headers.get('content-security-policy') || '', /default-src 'none'/, `${what}: the file may load nothing`);
    assert.ok(res.headers.get('content-disposition'), `${what}: a Content-Disposition`);
    assert.doesNotMatch(res.headers.get('content-disposition'), /[\r\n"\\/]/, `${what}: no file name taken from the upload into the header`);
    assert.deepEqual(res.bytes, data, `${what}: byte for byte`);
  }

  // ----------------------------------------------------------- request form

  describe('the request form', () => {
    test('files that are not images by their content are refused at the photo field; nothing is written', async () => {
      const before = footprint();
      for (const [what, file] of NOT_IMAGES) {
        const { parts } = await xForm();
        parts.push(['photo', file]);
        const res = await x.client.postMultipart('/my/requests', parts);
        assert.equal(res.status, 400, `${what}: status ${res.status} ${res.headers.get('location') || ''}`);
        assert.ok(fieldErrors(res.text).photo, `${what}: a message at the photo field`);
      }
      assert.deepEqual(footprint(), before, 'no case, no item, no attachment');
    });

    test('one bad file among good ones spoils the whole form; nothing is written', async () => {
      const before = footprint();
      const { parts } = await xForm();
      parts.push(['photo', { filename: 'a.png', type: 'image/png', data: png() }]);
      parts.push(['photo', { filename: 'b.jpg', type: 'image/jpeg', data: PHP }]);
      parts.push(['photo', { filename: 'c.jpg', type: 'image/jpeg', data: JPEG }]);
      const res = await x.client.postMultipart('/my/requests', parts);
      assert.equal(res.status, 400);
      assert.ok(fieldErrors(res.text).photo);
      assert.deepEqual(footprint(), before);
    });

    test('an image over 5 MB among good ones, and 7 small images, write nothing', async () => {
      const before = footprint();
      const big = await xForm();
      big.parts.push(['photo', { filename: 'ok.png', type: 'image/png', data: png() }]);
      big.parts.push(['photo', { filename: 'big.jpg', type: 'image/jpeg', data: Buffer.concat([JPEG, Buffer.alloc(5 * MB)]) }]);
      const bigRes = await x.client.postMultipart('/my/requests', big.parts);
      assert.equal(bigRes.status, 400, 'a JPEG over 5 MB: the form again');
      assert.match(fieldErrors(bigRes.text).photo || '', /big\.jpg/, 'with a message at the photo field naming it');
      const seven = await xForm();
      for (let i = 0; i < 7; i++) seven.parts.push(['photo', { filename: `p${i}.jpg`, type: 'image/jpeg', data: JPEG }]);
      const res = await x.client.postMultipart('/my/requests', seven.parts);
      assert.equal(res.status, 400, '7 photos');
      assert.deepEqual(footprint(), before);
    });

    test('a file name with CR LF or a bare CR/LF inside its header: refused with nothing written, or stored without it', async () => {
      for (const filename of ['a\r\nContent-Type: text/html\r\n.png', 'b\r\n\r\n<script>.png', 'c\n.png', 'd\r.png']) {
        const before = footprint();
        const { parts } = await xForm();
        parts.push(['photo', { filename, type: 'image/png', data: png() }]);
        const res = await x.client.postMultipart('/my/requests', parts);
        if (res.status === 303) {
          const a = await newestAttachment();
          assert.doesNotMatch(a.filename, /[\r\n]/, `${JSON.stringify(filename)} stored without the line break`);
          assert.equal(a.mime, 'image/png', 'the sniffed type, not a smuggled Content-Type');
          await cancelCase(x.client, caseNoOf(res));
        } else {
          assert.equal(res.status, 400, `${JSON.stringify(filename)}: status ${res.status}`);
          assert.deepEqual(footprint(), before, `${JSON.stringify(filename)}: refused, nothing written`);
        }
      }
      assert.equal(count(`SELECT COUNT(*) FROM attachments WHERE filename LIKE '%<script>%' OR filename REGEXP '[[:cntrl:]]'`), 0, 'no stored name with a control character or the smuggled markup');
    });

    test('a path and control characters in a file name: only a clean base name is kept', async () => {
      const names = {
        '../../etc/passwd.png': 'passwd.png',
        '/etc/passwd.png': 'passwd.png',
        'C:\\Windows\\win.ini.png': 'win.ini.png',
        '..\\../x/..\\evil.png': 'evil.png',
        'a\u0001b\u001b[31mc\u007f.png': 'ab[31mc.png',
        'tab\there.png': 'tabhere.png',
        '../..': 'upload',
        '..': 'upload',
      };
      for (const [filename, want] of Object.entries(names)) {
        const { parts } = await xForm();
        parts.push(['photo', { filename, type: 'image/png', data: png() }]);
        const res = await x.client.postMultipart('/my/requests', parts);
        const no = caseNoOf(res);
        const a = await newestAttachment();
        assert.equal(a.filename, want, `${JSON.stringify(filename)} is stored as ${want}`);
        await cancelCase(x.client, no);
      }
    });

    test('a JPEG/HTML polyglot is taken as a JPEG and served only as one: sniffed type, nosniff, sandbox', async () => {
      const { parts } = await xForm();
      parts.push(['photo', { filename: 'poly.html', type: 'text/html', data: JPEG_HTML }]);
      parts.push(['photo', { filename: 'poly2.png', type: 'text/html', data: PNG_HTML }]);
      const no = caseNoOf(await x.client.postMultipart('/my/requests', parts));
      const rows = sql(`SELECT a.id, a.mime, a.size FROM attachments a JOIN cases c ON c.id = a.case_id WHERE c.case_no = ${q(no)} ORDER BY a.id`);
      assert.deepEqual(rows.map((r) => r[1]), ['image/jpeg', 'image/png'], 'the stored type is the sniffed one, not the claimed text/html');
      await assertServedAsImage(rows[0][0], 'image/jpeg', JPEG_HTML, 'JPEG/HTML');
      await assertServedAsImage(rows[1][0], 'image/png', PNG_HTML, 'PNG/HTML');
      await cancelCase(x.client, no);
    });
  });

  // ------------------------------------------------------------- messages

  describe('a message photo', () => {
    test('files that are not images by their content are a 400 page; no message, no attachment', async () => {
      const before = footprint();
      for (const [what, file] of NOT_IMAGES) assertErrorPage(await postMessage([file]), 400, what);
      assert.deepEqual(footprint(), before);
    });

    test('two photos, seven photos, and a photo over 5 MB are refused; nothing is written', async () => {
      const before = footprint();
      const one = { filename: 'a.jpg', type: 'image/jpeg', data: JPEG };
      assertErrorPage(await postMessage([one, one]), 400, 'two photos on one message');
      assertErrorPage(await postMessage(Array(7).fill(one)), 400, 'seven photos');
      assertErrorPage(await postMessage([{ filename: 'big.png', type: 'image/png', data: pngOfSize(5 * MB + 1) }]), 413, 'over 5 MB');
      assertErrorPage(await postMessage([{ filename: 'a.png', type: 'image/png', data: png() }], ''), 400, 'a photo without a message');
      assert.deepEqual(footprint(), before);
    });

    test('a photo field that is not a file (a plain text part named photo) stores no attachment', async () => {
      const before = footprint();
      await x.client.get(`/my/requests/${caseNo}`);
      const res = await x.client.postMultipart(`/my/requests/${caseNo}/messages`, [['csrf', x.client.csrf], ['body', '纯文本'], ['photo', HTML]]);
      // A text part is a form field, not a file: the message goes in alone.
      assert.ok([303, 400].includes(res.status), `status ${res.status}`);
      const after = footprint();
      assert.equal(after.caseAttachments, before.caseAttachments, 'no attachment from a text part');
      assert.equal(after.allAttachments, before.allAttachments);
    });

    test('a CRLF in a message photo name is a 400 or dropped, a path keeps only its base name', async () => {
      const before = messages();
      const crlf = await postMessage([{ filename: 'x\r\nContent-Type: text/html\r\n.png', type: 'image/png', data: png() }]);
      if (crlf.status === 400) assert.deepEqual(messages(), before, 'refused: nothing written');
      else assert.equal(crlf.status, 303, `status ${crlf.status}`);
      const res = await postMessage([{ filename: '../../etc/passwd.png', type: 'image/png', data: png() }]);
      assert.equal(res.status, 303, 'a photo with a path in its name is taken');
      const a = await newestAttachment();
      assert.equal(a.filename, 'passwd.png');
      assert.equal(a.mime, 'image/png');
    });

    test('a JPEG/HTML polyglot on a message is served only as image/jpeg, sandboxed, to its owner', async () => {
      const res = await postMessage([{ filename: '<b>poly</b>.jpg', type: 'text/html', data: JPEG_HTML }]);
      assert.equal(res.status, 303);
      const a = await newestAttachment();
      assert.equal(a.mime, 'image/jpeg');
      assert.equal(a.size, JPEG_HTML.length);
      await assertServedAsImage(a.id, 'image/jpeg', JPEG_HTML, 'message polyglot');
      const page = await x.client.get(`/my/requests/${caseNo}`);
      assert.ok(!page.text.includes('<b>poly</b>'), 'the file name is never markup on the case page');
      const stranger = await freshCustomer('UPLX', [{ sku: 'UPL-X', name: '杯子', category: 'other', qty: 1, unit_price_fen: 1000 }]);
      assertErrorPage(await stranger.client.get(`/attachments/${a.id}`), 404, "someone else's photo");
    });
  });

  test('the multipart parser itself: a file part without a name, a part header without a colon, a folded header', async () => {
    const before = footprint();
    const { parts } = await xForm();
    const good = multipart([...parts, ['photo', { filename: 'a.png', type: 'image/png', data: png() }]]);
    const variants = {
      'no name': good.body.toString('latin1').replace('name="photo"; filename', 'filename'),
      'header without colon': good.body.toString('latin1').replace('Content-Type: image/png', 'Content-Type image/png'),
      'folded header': good.body.toString('latin1').replace('Content-Type: image/png', 'Content-Type:\r\n image/png'),
    };
    for (const [what, body] of Object.entries(variants)) {
      const res = await x.client.request('POST', '/my/requests', {
        headers: { 'content-type': good.contentType },
        body: Buffer.from(body, 'latin1'),
      });
      assertErrorPage(res, 400, what);
    }
    assert.deepEqual(footprint(), before);
  });
});
