import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, launch, guard } from './harness.mjs';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { server, origin } = await serve(path.join(root, 'dist'));
const problems = [];
const widths = (process.env.WS || '700,768,1024,1366').split(',').map(Number);
for (const w of widths) {
const ctx = await launch(); const phone = await ctx.newPage(); guard(phone, origin, problems);
const cut = () => phone.evaluate(() => {
  const W = document.documentElement.clientWidth;
  const hidden = (e) => { for (let p = e; p; p = p.parentElement) { const s = getComputedStyle(p); if (s.clip !== 'auto' || s.display === 'none') return true; } return false; };
  const scroller = (e) => { for (let p = e.parentElement; p; p = p.parentElement) { const s = getComputedStyle(p); if (/auto|scroll/.test(s.overflowX) && p.scrollWidth > p.clientWidth) return true; } return false; };
  const bad = [];
  for (const e of document.querySelectorAll('td, th, input:not([type=file]), select, button, textarea, canvas, img, progress, .figure, h1, h2, h3, p, li, label')) {
    const r = e.getBoundingClientRect();
    if (!r.width || hidden(e)) continue;
    const what = `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''} «${(e.textContent || e.value || '').trim().slice(0, 30)}»`;
    if (/^T[DH]$/.test(e.tagName) && e.scrollWidth > e.clientWidth + 1) bad.push(`${what} needs ${e.scrollWidth} px, has ${e.clientWidth}`);
    else if (!scroller(e) && (r.right > W + 1 || r.left < -1)) bad.push(`${what} at ${Math.round(r.left)}–${Math.round(r.right)} px`);
  }
  return bad.slice(0, 6);
});
await phone.setViewportSize({ width: w, height: 800 });
await phone.goto(origin + '/'); await phone.waitForSelector('#fig-shared', { timeout: 30000 });
if (process.env.L) await phone.click('#lang-' + process.env.L);
for (const preset of ['bovisa', 'niguarda_affori', 'chiaravalle']) {
  await phone.click('#tab-start'); await phone.selectOption('#preset', preset); await phone.waitForTimeout(1500);
  await phone.click('#tab-share'); await phone.click('#save-library'); await phone.waitForTimeout(200);
}
await phone.click('#tab-start'); await phone.selectOption('#preset', 'citta_studi'); await phone.waitForTimeout(1500);
await phone.click('#run-sensitivity'); await phone.waitForSelector('#sensitivity-result', { timeout: 60000 });
await phone.click('#tab-optimize'); await phone.click('#run-optimize'); await phone.waitForSelector('#opt-result', { timeout: 60000 });
await phone.click('#tab-compare'); for (const i of [0, 1, 2, 3]) await phone.check(`#cmp-${i}`);
await phone.click('#run-compare'); await phone.waitForFunction(() => !document.querySelector('#compare-table')?.textContent.includes('…'), null, { timeout: 30000 });
await phone.click('#tab-producer');
await phone.setInputFiles('#curve-file', path.join(root, 'tests', 'fixtures', 'curves', 'edistribuzione_15min_2024.csv'));
await phone.waitForSelector('#curve-column', { timeout: 30000 });
  await phone.setViewportSize({ width: w, height: 800 });
  for (const name of ['start', 'members', 'plants', 'producer', 'assumptions', 'optimize', 'compare', 'share', 'glossary']) {
    await phone.click(`#tab-${name}`); await phone.waitForTimeout(150);
    const over = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    const bad = await cut();
    if (over > 0 || bad.length) console.log(w, name, 'hscroll', over, bad.join('\n   '));
    await phone.screenshot({ path: `/tmp/shots/w${w}-${name}.png`, fullPage: true });
  }
  await phone.click('#event-mode'); await phone.waitForSelector('#event-citta_studi'); await phone.click('#event-citta_studi'); await phone.waitForSelector('#event-money'); await phone.waitForTimeout(1000);
  const over = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth); const bad = await cut();
  if (over > 0 || bad.length) console.log(w, 'event', 'hscroll', over, bad.join('\n   '));
  await phone.screenshot({ path: `/tmp/shots/w${w}-event.png`, fullPage: true });
await ctx.close();
}
console.log('done', problems);
server.close();
