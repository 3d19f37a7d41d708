/**
 * Public-mode disclosure control: the one rule every figure of the ward panel follows in public
 * mode (text, chart, hotspot lines, print, CSV and PNG exports). PURE: no DOM.
 *
 * The rule (README "Public mode"), after the ONS practice for small-area counts (primary
 * suppression of small cells, then secondary suppression so that no suppressed cell can be
 * recovered by subtraction from a total and the other cells of its table):
 * - PRIMARY: a count of 1 or 2 (any category, or a total) reads "fewer than 3"; a count of a
 *   sensitive category (violence and sexual offences, and the legacy violence and sexual
 *   offence categories), or a total that counts only such, from 1 to min − 1 (default 10) reads
 *   "fewer than 10". 0 is shown: no crime is not a disclosure about anyone.
 * - SECONDARY: in a group of cells whose total is also shown (a ward's crime types and its total,
 *   the months of a period and the period's total, a hotspot's parts in each ward and the whole
 *   area's count), when any cell is suppressed, further cells are withheld, smallest first,
 *   until at least two cells are hidden and their sum reaches the largest limit among them. The
 *   hidden sum (total − shown cells) is then at least that limit and spread over two or more
 *   cells, so it does not give back any one of them. Withheld cells read "not shown".
 * - Figures derived from a hidden count (its share, rank, rate per 1,000, the change since the
 *   comparison period, a location quotient) are not shown either.
 * Limitation: the rule protects the figures of one panel (one ward, window and selection).
 * Differencing two panels of overlapping windows (the latest 3 months against the latest 12)
 * can narrow a hidden month; the public panel offers whole windows of 1, 3, 6 or 12 months only.
 */

export const SMALL_COUNT_FLOOR = 3;
export const DEFAULT_SENSITIVE_MIN = 10;

export interface DisclosureRule {
  /** Public mode on; off: every figure is shown as it is. */
  public: boolean;
  /** Counts of sensitive categories below this read "fewer than <min>" [10]. */
  sensitiveMin?: number;
}

export type FigureState = 'shown' | 'small' | 'withheld';

/** A count as the panel shows it. `text` is what may be printed; `value` never is unless state is 'shown'. */
export interface Figure {
  value: number;
  state: FigureState;
  text: string;
  /** The count below which this cell is small (3, or the sensitive minimum). */
  limit: number;
}

const fmt = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

/** The limit of a cell: counts from 1 to limit − 1 are small. */
export function limitOf(sensitive: boolean, rule: DisclosureRule): number {
  const min = Math.max(1, Math.floor(rule.sensitiveMin ?? DEFAULT_SENSITIVE_MIN));
  return sensitive ? Math.max(SMALL_COUNT_FLOOR, min) : SMALL_COUNT_FLOOR;
}

/** One count on its own (a figure that is part of no shown total). */
export function figure(value: number, sensitive: boolean, rule: DisclosureRule): Figure {
  const limit = limitOf(sensitive, rule);
  if (!rule.public || value <= 0 || value >= limit) return { value, state: 'shown', text: fmt.format(value), limit };
  return { value, state: 'small', text: `fewer than ${fmt.format(limit)}`, limit };
}

export const WITHHELD_TEXT = 'not shown';

/**
 * The cells of a group whose total is shown (module comment: primary, then secondary
 * suppression). Deterministic: the same cells give the same answer in every panel. `safe` is
 * false when the group cannot be protected while its total is shown (a sensitive cell that is
 * the only non-zero cell of a total that is not itself sensitive): the caller then shows the
 * total without the breakdown.
 */
export function protectGroup(
  cells: readonly { value: number; sensitive: boolean }[],
  rule: DisclosureRule,
): { cells: Figure[]; safe: boolean } {
  const out = cells.map((c) => figure(c.value, c.sensitive, rule));
  if (!rule.public) return { cells: out, safe: true };
  const hidden = () => out.filter((f) => f.state !== 'shown');
  if (!hidden().length) return { cells: out, safe: true };
  for (;;) {
    const h = hidden();
    const sum = h.reduce((a, f) => a + f.value, 0);
    const need = Math.max(...h.map((f) => f.limit));
    if (h.length >= 2 && sum >= need) return { cells: out, safe: true };
    // Withhold the smallest shown non-zero cell (ties: the first).
    let pick = -1;
    for (let i = 0; i < out.length; i++)
      if (out[i].state === 'shown' && out[i].value > 0 && (pick < 0 || out[i].value < out[pick].value)) pick = i;
    if (pick < 0) return { cells: out, safe: false };
    out[pick] = { ...out[pick], state: 'withheld', text: WITHHELD_TEXT };
  }
}

/** True when the figure may be printed as a number (and numbers derived from it shown). */
export function isShown(f: Figure): boolean {
  return f.state === 'shown';
}
