/** The Markdown table both benchmarks print (bench/run.ts, bench/browser.ts). */

/** Prints rows of cells as a Markdown table, columns padded to their widest cell; the first row is the header. */
export function printTable(lines: string[][]): void {
  const widths = lines[0].map((_, c) => Math.max(...lines.map((l) => l[c].length)));
  const out = (l: string[]) => `| ${l.map((v, c) => v.padEnd(widths[c])).join(' | ')} |`;
  console.log('');
  console.log(out(lines[0]));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const l of lines.slice(1)) console.log(out(l));
  console.log('');
}
