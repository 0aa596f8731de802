// The dashboard and the public ranking in a real browser (Debian's chromium, driven by
// puppeteer-core; no browser is downloaded). One `hocvuso serve` with seeded data:
// reports written through `hocvuso chat --jsonl` as a team group would, targets and
// roles through the CLI. Screenshots at 1280 and 360 px go to $BROWSER_OUT.
//   node --test tests/browser/dashboard.test.mjs      (from the repository root)
// Environment: HOCVUSO_BIN (default build-test/hocvuso), CHROMIUM (default /usr/bin/chromium).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { root, bin, chromium, out, freePort, runCli, waitReady } from './support.mjs';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hocvuso-browser-'));
// The current quarter in Vietnam (UTC+7): what a report without a period counts for.
const vn = new Date(Date.now() + 7 * 3600 * 1000);
const year = vn.getUTCFullYear();
const quarter = Math.floor(vn.getUTCMonth() / 3) + 1;
const period = `${year}-Q${quarter}`;
const previous = quarter === 1 ? { key: `${year - 1}-Q4`, label: `quý 4/${year - 1}` }
                               : { key: `${year}-Q${quarter - 1}`, label: `quý ${quarter - 1}/${year}` };

let port, base, env, server, browser;

const cli = (args, input) => runCli(args, env, input);

// A team group's messages through the console protocol: linked by its title, a report, confirmed.
function seedGroup(chat, title, author, name, report) {
  const line = (extra) => JSON.stringify({ user: author, name, chat, chat_type: 'group', chat_title: title, ...extra });
  const replies = cli(['chat', '--jsonl'], [line({ text: 'Chào cả tổ' }), line({ text: report })].join('\n') + '\n');
  const number = /Báo cáo số (\d+)/.exec(replies)?.[1];
  assert.ok(number, `no report number in ${replies}`);
  cli(['chat', '--jsonl'], line({ button: `rp:ok:${number}` }) + '\n');
}


async function shoot(page, name) {
  for (const width of [1280, 360]) {
    await page.setViewport({ width, height: 900 });
    await page.screenshot({ path: path.join(out, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewport({ width: 1280, height: 900 });
}

// Rules every page keeps: no script, no inline style, under 100 KB, no CSP violation.
async function checkPage(page, response) {
  const body = await response.text();
  const bytes = Buffer.byteLength(body);
  assert.ok(bytes < 100 * 1024, `page is ${bytes} bytes`);
  console.log(`page ${new URL(response.url()).pathname}: ${bytes} bytes`);
  assert.match(response.headers()['content-security-policy'] ?? '', /default-src 'self'/);
  const inline = await page.evaluate(() => document.querySelectorAll('script, style, [style]').length);
  assert.equal(inline, 0, 'no <script>, <style> or style attribute');
}

async function signInWith(context, link) {
  const page = await context.newPage();
  const violations = [];
  page.on('console', (m) => { if (/Content Security Policy/.test(m.text())) violations.push(m.text()); });
  const shown = await page.goto(link);
  assert.equal(shown.status(), 200);
  await checkPage(page, shown);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  assert.equal(violations.length, 0, violations.join('\n'));
  return page;
}

before(async () => {
  fs.mkdirSync(out, { recursive: true });
  port = await freePort();
  base = `http://127.0.0.1:${port}`;
  env = {
    ...process.env,
    HOCVUSO_DB: path.join(work, 'dash.db'),
    HOCVUSO_LISTEN: `127.0.0.1:${port}`,
    HOCVUSO_PUBLIC_URL: base,
    HOCVUSO_RANKING_FRAME_ORIGINS: 'https://sonla.gov.vn',
    HOCVUSO_LOG_LEVEL: 'warn',
  };
  cli(['users', 'grant', '--channel', 'console', '--user', 'officer-sl', '--role', 'officer', '--province', 'son-la']);
  cli(['users', 'grant', '--channel', 'telegram', '--user', '<script>alert(1)</script>', '--role', 'officer',
       '--province', 'son-la', '--commune', 'Thuận Châu']);
  cli(['report', 'set-target', '--period', period, '--province', 'son-la', '--commune', 'Thuận Châu',
       '--values', 'huongdan=100 buoi=10']);
  cli(['report', 'set-target', '--period', period, '--province', 'son-la', '--commune', 'Mường La',
       '--values', 'huongdan=50 buoi=5']);
  seedGroup('g1', 'Tổ CNSCĐ-Xã Thuận Châu', 'u7', '<script>alert("name")</script> Lò Văn A',
            `#baocao Bản Mòng quý ${quarter}: hướng dẫn 40 người, 4 buổi, SĐT 0912345678`);
  seedGroup('g2', 'Tổ CNSCĐ-Xã Mường La', 'u9', 'Cầm Thị B', `#baocao quý ${quarter}: hướng dẫn 50 người, 2 buổi`);
  server = spawn(bin, ['serve'], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
  await waitReady(base);
  browser = await puppeteer.launch({ executablePath: chromium, args: ['--no-sandbox', '--headless=new'] });
});

after(async () => {
  await browser?.close();
  if (server) {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
  fs.rmSync(work, { recursive: true, force: true });
});

test('the dashboard in a real browser', async (t) => {
  const officer = await browser.createBrowserContext();
  let page;

  await t.test('without a session /dashboard/ explains how to get a link', async () => {
    const p = await officer.newPage();
    const r = await p.goto(`${base}/dashboard/`);
    assert.equal(new URL(p.url()).pathname, '/dashboard/huongdan');
    await checkPage(p, r);
    assert.match(await p.content(), /\/dangnhap/);
    await shoot(p, 'huongdan');
    await p.close();
  });

  await t.test('sign in by the link /dangnhap sends in a private chat', async () => {
    // Never in a group, where anyone could take the link.
    const inGroup = cli(['chat', '--jsonl'], JSON.stringify({ user: 'officer-sl', chat: 'g1', chat_type: 'group',
      chat_title: 'Tổ CNSCĐ-Xã Thuận Châu', text: '/dangnhap' }) + '\n');
    assert.match(inGroup, /tin nhắn riêng/);
    assert.doesNotMatch(inGroup, /dangnhap\?t=/);
    const reply = cli(['chat', '--jsonl'], JSON.stringify({ user: 'officer-sl', text: '/dangnhap' }) + '\n');
    const link = /http:\/\/127\.0\.0\.1:\d+\/dashboard\/dangnhap\?t=[0-9a-f]{64}/.exec(reply)?.[0];
    assert.ok(link, `no link in ${reply}`);
    // Opening the link (as a preview would) signs nobody in: it only shows the button.
    const preview = await fetch(link);
    assert.equal(preview.status, 200);
    assert.equal(preview.headers.get('set-cookie'), null);
    const confirm = await officer.newPage();
    await confirm.goto(link);
    await shoot(confirm, 'dangnhap');
    await confirm.close();
    page = await signInWith(officer, link);
    assert.equal(new URL(page.url()).pathname, '/dashboard/');
    const cookie = (await page.cookies()).find((c) => c.name === 'hocvuso_session');
    assert.ok(cookie.httpOnly && cookie.sameSite === 'Strict');
    // Single use: the same link again is refused.
    const again = await fetch(`${base}/dashboard/dangnhap`, { method: 'POST', body: `t=${new URL(link).searchParams.get('t')}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
    assert.equal(again.status, 400);
  });

  await t.test('the overview shows the seeded communes and figures', async () => {
    const r = await page.goto(`${base}/dashboard/tongquan?province=son-la&period=${period}`);
    await checkPage(page, r);
    const rows = await page.$$eval('#communes tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    assert.equal(rows.length, 75, 'every commune of Sơn La');
    const thuanChau = rows.find((cells) => cells[1] === 'xã Thuận Châu');
    const muongLa = rows.find((cells) => cells[1] === 'xã Mường La');
    // rank, reported, linked groups, confirmed reports, then each indicator against its target
    assert.deepEqual(thuanChau.slice(0, 7), ['2', 'xã Thuận Châu', 'có', '1', '1', '40 / 100', '4 / 10']);
    assert.equal(thuanChau.at(-1), '40,0%');
    assert.deepEqual(muongLa.slice(0, 7), ['1', 'xã Mường La', 'có', '1', '1', '50 / 50', '2 / 5']);
    assert.equal(muongLa.at(-1), '70,0%');
    const other = rows.find((cells) => cells[1] === 'xã Mường Bang');
    assert.deepEqual([other[0], other[1], other[3], other[4]], ['–', 'xã Mường Bang', '0', '0']);
    assert.match(other[2], /^(chưa|quá hạn)$/);  // overdue once the quarter's deadline has passed
    assert.equal(await page.$$eval('#chart rect', (r) => r.length), 2, 'a bar for each commune with a target');
    // The line of the province's totals: six quarters, this one last (40 + 50 people guided).
    const points = await page.$$eval('#trend tr[data-indicator="huongdan"] circle title', (ts) => ts.map((x) => x.textContent));
    assert.equal(points.length, 6);
    assert.equal(points.at(-1), `quý ${quarter}/${year}: 90`);
    assert.equal(points.at(-2), `${previous.label}: 0`);
    const missing = await page.$$eval('#not-reported li', (li) => li.length);
    assert.equal(missing, 73);
    await shoot(page, 'tongquan');
  });

  await t.test('change the period', async () => {
    await page.select('#period', previous.key);
    await Promise.all([page.waitForNavigation(), page.click('form.period button')]);
    assert.equal(new URL(page.url()).searchParams.get('period'), previous.key);
    assert.ok((await page.$eval('#summary-line', (e) => e.textContent)).includes(`${previous.label} · 0/75`));
    await page.goto(`${base}/dashboard/tongquan?province=son-la&period=${period}`);
  });

  await t.test('the CSV download is the same as hocvuso report', async () => {
    const href = await page.$eval('#csv', (a) => a.getAttribute('href'));
    const bytes = await page.evaluate(async (h) => [...new Uint8Array(await (await fetch(h)).arrayBuffer())], href);
    const expected = spawnSync(bin, ['report', '--period', period, '--province', 'son-la', '--format', 'csv'],
                               { cwd: root, env }).stdout;
    assert.ok(expected.length > 100);
    assert.deepEqual(Buffer.from(bytes), expected);
  });

  await t.test('the read API answers with the session and its CSRF token, not without', async () => {
    const csrf = await page.$eval('nav input[name=csrf]', (i) => i.value);
    const status = await page.evaluate(async (token) => {
      const withToken = await fetch('/api/v1/overview?province=son-la', { headers: { 'X-CSRF-Token': token } });
      const without = await fetch('/api/v1/overview?province=son-la');
      return [withToken.status, (await withToken.json()).rows?.length, without.status];
    }, csrf);
    assert.equal(status[0], 200);
    assert.equal(status[2], 403);
  });

  await t.test('a POST without the CSRF token is refused', async () => {
    const status = await page.evaluate(async () => (await fetch('/dashboard/dangxuat', {
      method: 'POST', body: 'csrf=', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status);
    assert.equal(status, 403);
    // Still signed in.
    const r = await page.goto(`${base}/dashboard/`);
    assert.equal(r.status(), 200);
  });

  await t.test('a commune officer sees their commune and gets 403 for another', async () => {
    const link = cli(['dashboard', 'link', '--channel', 'telegram', '--user', '<script>alert(1)</script>']).trim();
    const commune = await browser.createBrowserContext();
    const own = await signInWith(commune, link);
    const r = await own.goto(`${base}/dashboard/tongquan?province=son-la&period=${period}`);
    await checkPage(own, r);
    const rows = await own.$$eval('#communes tbody tr', (trs) => trs.map((tr) => tr.cells[1].textContent));
    assert.deepEqual(rows, ['xã Thuận Châu']);
    // The user id holds <script>: shown as text, never run.
    assert.equal(await own.$eval('nav .who', (e) => e.textContent), 'telegram:<script>alert(1)</script>');
    assert.match(await own.content(), /telegram:&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    await shoot(own, 'tongquan-xa');
    const other = await own.goto(`${base}/dashboard/tongquan?province=son-la&commune=03808&period=${period}`);
    assert.equal(other.status(), 403);
    await shoot(own, 'khong-co-quyen');
    await commune.close();
  });

  await t.test('the public ranking shows no name, id or phone number', async () => {
    const anon = await browser.createBrowserContext();
    const p = await anon.newPage();
    const r = await p.goto(`${base}/xephang/son-la?period=${period}`);
    assert.equal(r.status(), 200);
    await checkPage(p, r);
    assert.match(r.headers()['content-security-policy'], /frame-ancestors https:\/\/sonla\.gov\.vn/);
    assert.match(r.headers()['cache-control'], /public/);
    const text = await p.$eval('body', (b) => b.innerText);
    for (const secret of ['Lò Văn A', 'Cầm Thị B', 'u7', 'u9', 'officer-sl', 'telegram:', 'console:', 'script', '0912345678']) {
      assert.ok(!text.includes(secret), `the public page shows ${secret}`);
    }
    assert.doesNotMatch(text, /0\d{9}/);
    const ranked = await p.$$eval('#ranking tbody tr', (trs) => trs.map((tr) => tr.cells[1].textContent));
    assert.deepEqual(ranked, ['xã Mường La', 'xã Thuận Châu']);
    await shoot(p, 'xephang');
    await anon.close();
  });

  await t.test('sign out', async () => {
    await Promise.all([page.waitForNavigation(), page.click('nav button[type=submit]')]);
    assert.equal(new URL(page.url()).pathname, '/dashboard/huongdan');
    await page.goto(`${base}/dashboard/`);
    assert.equal(new URL(page.url()).pathname, '/dashboard/huongdan');
    await officer.close();
  });
});
