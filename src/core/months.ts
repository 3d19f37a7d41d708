/**
 * Months as small integers.
 *
 * police.uk data are month-resolution only, so every date in the engine is a
 * month index: (year - 1970) * 12 + (month - 1). 2017-01 → 564. Stored in
 * Uint16Array columns (good until the year 7431).
 */

export const MONTH_NONE = 0xffff;

/** Month index of a calendar year and month (1–12). */
export function monthIndex(year: number, month: number): number {
  return (year - 1970) * 12 + (month - 1);
}

/** "YYYY-MM" for a month index. */
export function formatMonth(index: number): string {
  const y = Math.floor(index / 12) + 1970;
  const m = (index % 12) + 1;
  return `${y}-${m < 10 ? '0' : ''}${m}`;
}

/** Long English label, e.g. "January 2017". */
export function monthLabel(index: number): string {
  const names = [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ];
  return `${names[index % 12]} ${Math.floor(index / 12) + 1970}`;
}

/**
 * Parse "YYYY-MM" (also "YYYY/MM", "YYYY-MM-DD", "YYYY-MM-DDThh:mm…", "DD/MM/YYYY",
 * "MM/YYYY") into a month index; returns -1 when the text is not a month.
 * Years outside 1990–2100 are rejected as not a plausible crime-record month.
 */
export function parseMonth(text: string): number {
  const s = text.trim();
  let y = NaN;
  let m = NaN;
  let r = /^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?:[T ].*)?$/.exec(s);
  if (r) {
    y = +r[1];
    m = +r[2];
    if (r[3] !== undefined && (+r[3] < 1 || +r[3] > 31)) return -1;
  } else if ((r = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[T ].*)?$/.exec(s))) {
    // UK day-first: DD/MM/YYYY
    if (+r[1] < 1 || +r[1] > 31) return -1;
    m = +r[2];
    y = +r[3];
  } else if ((r = /^(\d{1,2})[-/.](\d{4})$/.exec(s))) {
    m = +r[1];
    y = +r[2];
  } else {
    return -1;
  }
  if (!(m >= 1 && m <= 12) || !(y >= 1990 && y <= 2100)) return -1;
  return monthIndex(y, m);
}

/** Number of months in the inclusive range [from, to]. */
export function monthSpan(from: number, to: number): number {
  return to >= from ? to - from + 1 : 0;
}
