/**
 * Prints that can be read (issue 15). For the analyst map, the tasking briefing and the ward panel,
 * on A4 portrait and landscape, printed through the page's Print button and through the browser's
 * own Print (page.pdf() without the button: Chromium fires `beforeprint`, as Ctrl+P does):
 * - one page;
 * - the map, measured in the PDF itself (rendered with pdftoppm at 150 dpi; the box of the map's
 *   background colour), covers at least half of the printable area (A4 inside 10 mm margins);
 * - the legend is printed as text of at least 8 pt (pdftotext -bbox word heights; a word box is
 *   about 1.16 × the font size, so ≥ 9.2 pt boxes);
 * - the button and the browser's Print give the same page: the same text and the same map box.
 * Skipped with a notice when poppler-utils (pdftoppm, pdftotext) is missing outside CI.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const MAP_BG = [0xee, 0xf1, 0xf4]; // the map's background without a basemap (mapView.ts OFFLINE_STYLE)
const DPI = 150;
const MM = 25.4;

function havePoppler() {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI === 'true' || process.env.CI === '1')
      throw new Error('poppler-utils (pdftoppm, pdftotext) is required under CI');
    console.log(
      '\n*** NOTICE: print tests SKIPPED: poppler-utils is not installed (apt-get install -y poppler-utils).\n',
    );
    return false;
  }
}

/** Page 1 of the PDF as RGB pixels (binary PPM from pdftoppm). */
function renderPage(pdf) {
  const buf = execFileSync('pdftoppm', ['-r', String(DPI), '-f', '1', '-l', '1', pdf], { maxBuffer: 64 << 20 });
  // P6\n<w> <h>\n255\n<data>
  let i = 0;
  const tokens = [];
  while (tokens.length < 4) {
    while (/\s/.test(String.fromCharCode(buf[i]))) i++;
    let t = '';
    while (!/\s/.test(String.fromCharCode(buf[i]))) t += String.fromCharCode(buf[i++]);
    tokens.push(t);
  }
  i++;
  return { w: Number(tokens[1]), h: Number(tokens[2]), data: buf.subarray(i) };
}

/** Bounding box (mm) of the pixels of the map's background colour. */
function mapBox(img) {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity,
    n = 0;
  for (let y = 0; y < img.h; y++)
    for (let x = 0; x < img.w; x++) {
      const o = (y * img.w + x) * 3;
      if (
        Math.abs(img.data[o] - MAP_BG[0]) <= 3 &&
        Math.abs(img.data[o + 1] - MAP_BG[1]) <= 3 &&
        Math.abs(img.data[o + 2] - MAP_BG[2]) <= 3
      ) {
        n++;
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  const mm = (px) => (px / DPI) * MM;
  return { left: mm(x0), top: mm(y0), width: mm(x1 - x0 + 1), height: mm(y1 - y0 + 1), pixels: n };
}

/** Word boxes from pdftotext -bbox: [{ text, height (pt) }]. */
function words(pdf) {
  const xml = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', pdf, '-'], { encoding: 'utf8' });
  return [
    ...xml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g),
  ].map((m) => ({ text: m[5], height: Number(m[4]) - Number(m[2]) }));
}

async function printOnce(ctx, path, how, landscape) {
  const { page, context, errors } = await ctx.newPage();
  await page.goto(ctx.baseUrl + path);
  await ctx.waitReady(page);
  if (!(await page.locator('[data-testid="demo-badge"]:visible').count())) {
    await context.close();
    return null;
  }
  await page.waitForTimeout(300);
  if (how === 'button') {
    await page.evaluate(() => {
      window.__printed = false;
      window.print = () => (window.__printed = true);
    });
    await page.click(path ? '[data-testid="view-print"]' : '[data-testid="print"]');
    await page.waitForFunction(() => window.__printed === true, null, { timeout: 20_000 });
  }
  const name = `print-${path ? path.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') : 'analyst'}-${landscape ? 'landscape' : 'portrait'}-${how}`;
  const pdf = join(ctx.out, `${name}.pdf`);
  const buf = await page.pdf({ path: pdf, format: 'A4', landscape, printBackground: true });
  const pages = (buf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  const box = mapBox(renderPage(pdf));
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdf, join(ctx.out, name)]);
  assert.deepEqual(errors, [], `${name}: page errors`);
  await context.close();
  return { name, pages, text, box, words: words(pdf) };
}

export const tests = [
  ...['', '?view=tasking', '#/ward/X05000001'].map((path) => ({
    name: `print ${path || 'analyst'}: A4 portrait and landscape, one page, the map ≥ half the page, legend ≥ 8 pt, Print button = browser Print`,
    async run(ctx) {
      if (!havePoppler()) return;
      for (const landscape of [false, true]) {
        const viaButton = await printOnce(ctx, path, 'button', landscape);
        if (!viaButton) return console.log('*** NOTICE: demo not built into dist/: print test skipped');
        const viaBrowser = await printOnce(ctx, path, 'browser', landscape);
        for (const p of [viaButton, viaBrowser]) {
          assert.equal(p.pages, 1, `${p.name}: ${p.pages} pages`);
          const printable = landscape ? 277 * 190 : 190 * 277;
          const area = p.box.width * p.box.height;
          assert.ok(
            area >= 0.5 * printable,
            `${p.name}: the map is ${p.box.width.toFixed(1)} × ${p.box.height.toFixed(1)} mm = ${((area / printable) * 100).toFixed(0)}% of the printable page`,
          );
          const legendWords = p.words.filter((w) => /^(Density,|area:|\(peak\))$/.test(w.text));
          assert.ok(legendWords.length >= 3, `${p.name}: legend words not found in the PDF`);
          for (const w of legendWords)
            assert.ok(w.height >= 9.2, `${p.name}: legend word "${w.text}" is ${(w.height / 1.16).toFixed(1)} pt`);
          assert.match(p.text, /Prepared with Hotspot Atlas/);
        }
        // The same page either way: the same text (the print date is the same day) and map box.
        assert.equal(
          viaBrowser.text,
          viaButton.text,
          `${viaButton.name}: the browser's Print and the button differ in text`,
        );
        for (const k of ['left', 'top', 'width', 'height'])
          assert.ok(
            Math.abs(viaBrowser.box[k] - viaButton.box[k]) < 0.5,
            `${viaButton.name}: map ${k} differs: ${viaBrowser.box[k]} vs ${viaButton.box[k]}`,
          );
      }
    },
  })),
];
