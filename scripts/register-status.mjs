#!/usr/bin/env node
/**
 * Gives every action of the shipped registers (data/registers/*.json) a `statusSource`: the
 * plan's lines that state its status, or — where the plan is silent — the action's own lines
 * with a note saying so. Run after editing a register by hand: `node scripts/register-status.mjs`.
 *
 * Where the plans state a status (seeds-digest §2.4):
 * - Haringey, CSP papers of 18 October 2012 (document 002): the exception report against action
 *   plans (Appendix 3, L396–452) lists only red and amber items ("exceptions (red and amber)
 *   against action plans", L198, L209); its Status column lost its colour in the text, so those
 *   rows are 'red-or-amber', except the row that reads "On target" (L411: 'green') and the plan
 *   that "only runs in the second half of the year" (L447: 'not-started'). The minutes of June
 *   2012 resolve to "plan [a] joint session" (L160: 'not-started').
 * - The strategies (Haringey 2013–17 draft, Barnet 2011–14, Harrow 2011–14, Havering 2017–20)
 *   hold no progress report, RAG rating or annual review of their actions: 'unknown'.
 * Statuses stay as the registers have them; this script writes where each comes from and fails
 * when a register's status and the evidence below disagree.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const dir = resolve(import.meta.dirname, '../data/registers');

/** Status evidence by action id: [status, lines, note]. */
const STATED = {
  '002-EX10': ['green', [411, 411], 'Exception report, Q1–Q2 2012/13 (Appendix 3): the row reads "On target".'],
  '002-EX15': [
    'not-started',
    [447, 447],
    'Exception report, Q1–Q2 2012/13 (Appendix 3): the plan runs in the second half of the year only; no activity yet.',
  ],
  '002-M10': [
    'not-started',
    [160, 160],
    'Minutes of 26 June 2012: "RESOLVED to note the update and plan joint session".',
  ],
};
const EXCEPTION =
  'Exception report, Q1–Q2 2012/13 (Appendix 3): listed among the "exceptions (red and amber) against action plans" (L198, L209); the row\u2019s colour was lost in the text, so red and amber cannot be told apart.';
const SILENT =
  'The plan states no progress for this action (no exception report, RAG rating or annual review covers it).';

let changed = 0;
for (const f of readdirSync(dir)
  .filter((x) => x.endsWith('.json'))
  .sort()) {
  const path = join(dir, f);
  const before = readFileSync(path, 'utf8');
  const reg = JSON.parse(before);
  for (const a of reg.actions) {
    const stated = STATED[a.id];
    let src;
    if (stated) {
      if (a.status !== stated[0]) a.status = stated[0];
      src = { document: a.source.document, lines: stated[1], note: stated[2] };
    } else if (a.status === 'red-or-amber' && /^002-EX/.test(a.id))
      src = { document: '002', ...(a.source.lines ? { lines: a.source.lines } : {}), note: EXCEPTION };
    else if (a.status === 'unknown')
      src = { document: a.source.document, ...(a.source.lines ? { lines: a.source.lines } : {}), note: SILENT };
    else throw new Error(`${f} ${a.id}: status ${a.status} has no stated source in scripts/register-status.mjs`);
    // Key order as the schema lists it: statusSource after commentary.
    const { source, publicUpdate, ...rest } = a;
    delete rest.statusSource;
    Object.keys(a).forEach((k) => delete a[k]);
    Object.assign(a, rest, { statusSource: src }, publicUpdate !== undefined ? { publicUpdate } : {}, { source });
  }
  const after = JSON.stringify(reg, null, 2) + '\n';
  if (after !== before) {
    writeFileSync(path, after);
    changed++;
  }
  const counts = {};
  for (const a of reg.actions) counts[a.status] = (counts[a.status] ?? 0) + 1;
  console.log(`${f}: ${reg.actions.length} actions, ${JSON.stringify(counts)}`);
}
console.log(`${changed} register(s) rewritten`);
