// The Xã, Hỗ trợ and Hỏi đáp pages in a real browser (Debian's chromium, driven by
// puppeteer-core; no browser is downloaded). One `hocvuso serve` of its own with seeded
// data: reports, a help ticket and FAQ questions written through `hocvuso chat --jsonl`
// as a team group and citizens would, roles and targets through the CLI.
// Screenshots at 1280 and 360 px go to $BROWSER_OUT.
//   node --test tests/browser/commune.test.mjs      (from the repository root)
// Environment: HOCVUSO_BIN (default build-test/hocvuso), CHROMIUM (default /usr/bin/chromium).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { root, bin, chromium, out, freePort, runCli, waitReady } from './support.mjs';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hocvuso-commune-'));
const vn = new Date(Date.now() + 7 * 3600 * 1000);
const quarter = Math.floor(vn.getUTCMonth() / 3) + 1;
const period = `${vn.getUTCFullYear()}-Q${quarter}`;
const thuanChau = '03721';
const muongLa = '03808';

let base, env, server, browser;

const cli = (args, input) => runCli(args, env, input);

const jsonl = (...lines) => cli(['chat', '--jsonl'], lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
const groupLine = (user, name, extra) =>
  ({ user, name, chat: 'g1', chat_type: 'group', chat_title: 'Tổ CNSCĐ-Xã Thuận Châu', ...extra });


async function shoot(page, name) {
  for (const width of [1280, 360]) {
    await page.setViewport({ width, height: 900 });
    await page.screenshot({ path: path.join(out, `${name}-${width}.png`), fullPage: true });
    if (width === 360) await page.screenshot({ path: path.join(out, `${name}-360-top.png`) });  // what a phone shows first
    // Readable at 360 px: the page itself never scrolls sideways (wide tables scroll in their box).
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${name} at ${width} px is ${overflow} px wider than the screen`);
  }
  await page.setViewport({ width: 1280, height: 900 });
}

async function checkPage(page, response) {
  const body = await response.text();
  const bytes = Buffer.byteLength(body);
  assert.ok(bytes < 100 * 1024, `page is ${bytes} bytes`);
  console.log(`page ${new URL(response.url()).pathname}: ${bytes} bytes`);
  assert.match(response.headers()['content-security-policy'] ?? '', /default-src 'self'/);
  const inline = await page.evaluate(() => document.querySelectorAll('script, style, [style]').length);
  assert.equal(inline, 0, 'no <script>, <style> or style attribute');
  assert.doesNotMatch(body, /<script/i, 'a <script> from the data is escaped');
}

async function signIn(channel, user) {
  const link = cli(['dashboard', 'link', '--channel', channel, '--user', user]).trim();
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.goto(link);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  return { context, page };
}

before(async () => {
  fs.mkdirSync(out, { recursive: true });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  env = {
    ...process.env,
    HOCVUSO_DB: path.join(work, 'commune.db'),
    HOCVUSO_LISTEN: `127.0.0.1:${port}`,
    HOCVUSO_PUBLIC_URL: base,
    HOCVUSO_LOG_LEVEL: 'warn',
  };
  const grant = (channel, user, role, commune) => cli(['users', 'grant', '--channel', channel, '--user', user,
    '--role', role, '--province', 'son-la', ...(commune ? ['--commune', commune] : [])]);
  grant('telegram', 'co-tc', 'officer', 'Thuận Châu');
  grant('telegram', 'lead-tc', 'leader', 'Thuận Châu');
  grant('console', 'officer-sl', 'officer');
  cli(['report', 'set-target', '--period', period, '--province', 'son-la', '--commune', 'Thuận Châu',
       '--values', 'huongdan=100 buoi=10']);
  // A member named with a <script>: a confirmed report about a village, and one left pending.
  const member = '<script>alert("name")</script> Lò Văn A';
  const replies = jsonl(groupLine('u7', member, { text: 'Chào cả tổ' }),
                        groupLine('u7', member, { text: `#baocao Bản Mòng quý ${quarter}: hướng dẫn 40 người, 4 buổi` }));
  const number = /Báo cáo số (\d+)/.exec(replies)?.[1];
  assert.ok(number, `no report number in ${replies}`);
  jsonl(groupLine('u7', member, { button: `rp:ok:${number}` }));
  jsonl(groupLine('u8', 'Cầm Thị B', { text: `#baocao Bản Nà quý ${quarter}: hướng dẫn 7 người, 1 buổi` }));
  // Two citizens ask the team for help; a member takes the second one.
  for (const [user, name, question] of [['c1', 'Bà Lan', 'Tôi quên mật khẩu VNeID, số tôi 0912345678'],
                                        ['c2', 'Ông Tư', 'Cài ứng dụng VNeID thế nào']]) {
    jsonl({ user, name, text: '/start' }, { user, name, button: 'menu:team' }, { user, name, text: 'thuan chau' },
          { user, name, text: question }, { user, name, button: 'tk:own' });
  }
  const claimed = jsonl(groupLine('u8', 'Cầm Thị B', { text: '/nhan HT2' }));
  assert.match(claimed, /Cầm Thị B đã nhận HT2/);
  // Questions the FAQ cannot answer, one asked twice; a 👍 and a 👎.
  jsonl({ user: 'c3', text: 'cách trồng lúa nước vụ đông xuân' }, { user: 'c4', text: 'Cách trồng lúa nước vụ đông xuân' },
        { user: 'c3', text: 'xem bói tuổi tý năm nay' });
  jsonl({ user: 'c3', button: 'faq:up:vneid-quen-mat-khau' }, { user: 'c4', button: 'faq:down:vneid-quen-mat-khau' });
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

test('the Xã, Hỗ trợ and Hỏi đáp pages in a real browser', async (t) => {
  const { context, page } = await signIn('telegram', 'co-tc');

  await t.test('a commune officer opens their commune from the overview', async () => {
    await page.goto(`${base}/dashboard/tongquan?province=son-la&period=${period}`);
    await Promise.all([page.waitForNavigation(), page.click(`#communes tr[data-commune="${thuanChau}"] td.name a`)]);
    assert.equal(new URL(page.url()).pathname, `/dashboard/xa/${thuanChau}`);
  });

  await t.test('the Xã page shows the seeded figures', async () => {
    const r = await page.goto(`${base}/dashboard/xa/${thuanChau}?period=${period}`);
    assert.equal(r.status(), 200);
    await checkPage(page, r);
    assert.equal(await page.$eval('h1', (e) => e.textContent), 'xã Thuận Châu');
    assert.match(await page.$eval('#chats', (e) => e.textContent), /Tổ CNSCĐ-Xã Thuận Châu/);
    // Indicators down, villages across.
    const head = await page.$$eval('#villages thead th', (ths) => ths.map((th) => th.textContent));
    assert.deepEqual(head.slice(0, 2), ['Chỉ số', 'Cả xã']);
    const mong = head.indexOf('Bản Mòng');
    assert.ok(mong > 1, head.join(', '));
    const villages = await page.$$eval('#villages tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    assert.deepEqual(villages[0].slice(0, 2), ['Người dân được hướng dẫn', '40 / 100']);
    assert.deepEqual(villages[1].slice(0, 2), ['Buổi hướng dẫn đã tổ chức', '4 / 10']);
    assert.equal(villages[0][mong], '40');
    assert.deepEqual(villages.at(-1).slice(0, 2), ['Hoàn thành', '40,0%']);
    const reports = await page.$$eval('#reports > li', (lis) => lis.map((li) => li.textContent));
    assert.equal(reports.length, 2);
    assert.match(reports.find((r) => r.includes('đã xác nhận')), /Bản Mòng: .*40.*gửi: <script>alert\("name"\)<\/script> Lò Văn A.*xác nhận/s);
    assert.match(reports.find((r) => r.includes('chờ xác nhận')), /Bản Nà/);
    const members = await page.$$eval('#members tbody tr', (trs) => trs.map((tr) => tr.cells[0].textContent));
    assert.ok(members.includes('Cầm Thị B'), members.join(', '));
    for (const id of ['u7', 'u8', 'c1', 'c2', '0912345678', 'Bà Lan', 'Ông Tư']) {
      assert.ok(!(await page.$eval('main', (m) => m.innerText)).includes(id), `the Xã page shows ${id}`);
    }
    const tickets = await page.$$eval('#tickets tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    assert.deepEqual(tickets.map((c) => [c[0], c[2]]), [['HT1', 'chưa ai nhận'], ['HT2', 'đã có người nhận']]);
    assert.deepEqual(await page.$$eval('#ticket-figures tbody td', (tds) => tds.slice(0, 3).map((td) => td.textContent)),
                     ['xã Thuận Châu', '2', '1']);
    await shoot(page, 'xa');
  });

  await t.test('edit a target: it changes and the change is audited', async () => {
    await page.$eval('#t_huongdan', (i) => { i.value = ''; });
    await page.type('#t_huongdan', '120');
    await Promise.all([page.waitForNavigation(), page.click('#targets-form button[type=submit]')]);
    assert.match(await page.$eval('#notice', (e) => e.textContent), /Đã lưu 1 chỉ tiêu/);
    assert.equal(await page.$eval('#t_huongdan', (i) => i.value), '120');
    assert.equal(await page.$eval('#villages tbody tr', (tr) => tr.cells[1].textContent), '40 / 120');
    const csv = spawnSync(bin, ['report', '--period', period, '--province', 'son-la', '--commune', 'Thuận Châu',
                                '--format', 'csv'], { cwd: root, env, encoding: 'utf8' }).stdout;
    assert.match(csv, /120/);
    const audit = spawnSync('sqlite3', [env.HOCVUSO_DB, "SELECT actor, detail FROM dashboard_audit WHERE action = 'target'"],
                            { encoding: 'utf8' });
    if (audit.status === 0) assert.match(audit.stdout, /telegram:co-tc\|son-la 03721 \S+ huongdan 100 -> 120/);
    // A wrong number saves nothing and says why.
    await page.$eval('#t_buoi', (i) => { i.value = ''; });
    await page.type('#t_buoi', '12');
    await page.$eval('#t_huongdan', (i) => { i.type = 'text'; i.value = 'một trăm'; });
    const [bad] = await Promise.all([page.waitForNavigation(), page.click('#targets-form button[type=submit]')]);
    assert.equal(bad.status(), 400);
    assert.match(await page.$eval('#notice', (e) => e.textContent), /Chưa lưu gì/);
    assert.equal(await page.$eval('#t_buoi', (i) => i.value), '10');
    // Without the CSRF token: refused.
    const status = await page.evaluate(async (code) => (await fetch(`/dashboard/xa/${code}`, {
      method: 'POST', body: 'huongdan=1&t_huongdan=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status,
      thuanChau);
    assert.equal(status, 403);
  });

  await t.test('another commune is 403', async () => {
    const r = await page.goto(`${base}/dashboard/xa/${muongLa}`);
    assert.equal(r.status(), 403);
    const csrf = await page.$eval('nav input[name=csrf]', (i) => i.value);
    const status = await page.evaluate(async (code, token) => (await fetch(`/dashboard/xa/${code}`, {
      method: 'POST', body: `csrf=${token}&t_huongdan=1`, headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status,
      muongLa, csrf);
    assert.equal(status, 403);
  });

  await t.test('a team leader sees the commune read-only', async () => {
    const leader = await signIn('telegram', 'lead-tc');
    const r = await leader.page.goto(`${base}/dashboard/xa/${thuanChau}`);
    assert.equal(r.status(), 200);
    assert.equal(await leader.page.$('#targets-form'), null);
    assert.equal(await leader.page.$('nav a[href="/dashboard/hoidap"]'), null, 'no Hỏi đáp link for a leader');
    assert.match(await leader.page.$eval('#targets', (e) => e.textContent), /120/);
    const csrf = await leader.page.$eval('nav input[name=csrf]', (i) => i.value);
    const status = await leader.page.evaluate(async (code, token) => (await fetch(`/dashboard/xa/${code}`, {
      method: 'POST', body: `csrf=${token}&t_huongdan=1`, headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status,
      thuanChau, csrf);
    assert.equal(status, 403);
    assert.equal((await leader.page.goto(`${base}/dashboard/hoidap`)).status(), 403);
    await leader.context.close();
  });

  await t.test('Hỗ trợ lists the tickets, the oldest unclaimed first, with no citizen', async () => {
    const r = await page.goto(`${base}/dashboard/hotro`);
    assert.equal(r.status(), 200);
    await checkPage(page, r);
    const rows = await page.$$eval('#tickets tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    assert.deepEqual(rows.map((c) => [c[0], c[1], c[3], c[4]]),
                     [['HT1', 'xã Thuận Châu', 'chưa ai nhận', '–'], ['HT2', 'xã Thuận Châu', 'đã có người nhận', 'Cầm Thị B']]);
    const text = await page.$eval('main', (m) => m.innerText);
    for (const secret of ['Bà Lan', 'Ông Tư', '0912345678', 'mật khẩu', 'c1', 'c2']) {
      assert.ok(!text.includes(secret), `the Hỗ trợ page shows ${secret}`);
    }
    await shoot(page, 'hotro');
  });

  await t.test('Hỏi đáp shows the questions by frequency and 👍/👎', async () => {
    const r = await page.goto(`${base}/dashboard/hoidap`);
    assert.equal(r.status(), 200);
    await checkPage(page, r);
    const misses = await page.$$eval('#misses tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    assert.ok(misses.length >= 2, JSON.stringify(misses));
    assert.deepEqual(misses[0].slice(0, 2), ['2', 'cách trồng lúa nước vụ đông xuân']);
    const feedback = await page.$$eval('#feedback tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    assert.equal(feedback.length, 1);
    assert.deepEqual(feedback[0].slice(1), ['1', '1']);
    await shoot(page, 'hoidap');
  });

  await t.test('the overview at 360 px', async () => {
    const officer = await signIn('console', 'officer-sl');
    const r = await officer.page.goto(`${base}/dashboard/tongquan?province=son-la&period=${period}`);
    assert.equal(r.status(), 200);
    await shoot(officer.page, 'tongquan-layout');
    await officer.context.close();
  });

  await context.close();
});
