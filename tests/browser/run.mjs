// Browser tests of the web app, driven as a user would. Needs: dist/ (trunk build) and the
// CLI's reports of the presets in target/browser-expected/ (scripts/test.sh makes both).
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, guard, test, summary, assert, close } from './harness.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const dist = path.join(root, 'dist');
const expectedDir = path.join(root, 'target', 'browser-expected');
const shots = path.join(root, 'docs', 'screenshots');
fs.mkdirSync(shots, { recursive: true });
const expected = (id) => JSON.parse(fs.readFileSync(path.join(expectedDir, `${id}.json`), 'utf8'));

const { server, origin } = await serve(dist);
const ctx = await launch();
const problems = [];
const page = await ctx.newPage();
guard(page, origin, problems);

const figure = async (id) => Number(await page.getAttribute(`#${id}`, 'data-value'));
const FIGS = [['fig-production', 'production_kwh'], ['fig-shared', 'shared_kwh'], ['fig-tip', 'tip_eur'],
  ['fig-valorisation', 'valorisation_eur'], ['fig-sales', 'sales_eur'], ['fig-solidarity-min', 'solidarity_min_eur']];

await test('page loads interactive and shows Città Studi figures equal to the CLI', async () => {
  const t0 = Date.now();
  await page.goto(origin + '/');
  await page.waitForSelector('#fig-shared', { timeout: 30000 });
  const ms = Date.now() - t0;
  console.log(`     interactive after ${ms} ms`);
  const e = expected('citta_studi');
  for (const [id, key] of FIGS) close(await figure(id), e[key], 1e-9, `${id} vs CLI ${key}`);
  assert((await page.textContent('h1')).includes('Simulatore'), 'Italian title by default');
  await page.screenshot({ path: path.join(shots, 'first-page-citta-studi.png'), fullPage: true });
});

await test('choosing a configuration updates the figures (Bovisa)', async () => {
  await page.selectOption('#preset', 'bovisa');
  await page.waitForFunction(() => document.querySelector('.meta')?.textContent.includes('AC001E01207'));
  const e = expected('bovisa');
  for (const [id, key] of FIGS) close(await figure(id), e[key], 1e-9, `${id} vs CLI ${key}`);
});

await test('every preset renders and agrees with the CLI', async () => {
  for (const id of ['niguarda_affori', 'chiaravalle', 'template_new_cp', 'citta_studi']) {
    await page.selectOption('#preset', id);
    const e = expected(id);
    await page.waitForFunction((code) => document.querySelector('.meta')?.textContent.includes(code), e.cp_code);
    for (const [fid, key] of FIGS) close(await figure(fid), e[key], 1e-9, `${id} ${fid}`);
    const canvases = await page.$$eval('canvas.chart', (cs) => cs.map((c) => c.width));
    assert(canvases.length === 3, `3 charts, got ${canvases.length}`);
  }
});

await test('Italian number format, then English after switching language', async () => {
  const it = await page.textContent('#fig-tip .figure-value');
  assert(/€ \d{1,3}(\.\d{3})+/.test(it), `Italian thousands separator in "${it}"`);
  await page.click('#lang-en');
  await page.waitForFunction(() => document.querySelector('h1').textContent.includes('simulator'));
  const en = await page.textContent('#fig-tip .figure-value');
  assert(/€ \d{1,3}(,\d{3})+/.test(en), `English thousands separator in "${en}"`);
  assert((await page.getAttribute('html', 'lang')) === 'en', 'html lang follows the switch');
  await page.screenshot({ path: path.join(shots, 'first-page-english.png'), fullPage: true });
});

await test('state survives a reload', async () => {
  await page.selectOption('#preset', 'chiaravalle');
  await page.reload();
  await page.waitForSelector('#fig-shared');
  assert((await page.$eval('#preset', (s) => s.value)) === 'chiaravalle', 'preset kept');
  assert((await page.textContent('h1')).includes('simulator'), 'language kept');
  await page.click('#lang-it');
});

await test('keyboard: the language buttons and the selector are reachable with Tab', async () => {
  await page.focus('body');
  const seen = [];
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    seen.push(await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName));
  }
  assert(seen.includes('lang-it') && seen.includes('lang-en') && seen.includes('preset'), `focus order: ${seen}`);
});

await test('accessibility: axe-core finds no serious or critical violations', async () => {
  const axe = fs.readFileSync(path.join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  await page.evaluate(axe);
  const res = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert(bad.length === 0, bad.map((v) => `${v.id}: ${v.help}`).join('; '));
});

await test('no request to any other host, no console error', async () => {
  assert(problems.length === 0, problems.join('\n'));
});

await ctx.close();
server.close();
process.exit(summary() ? 0 : 1);
