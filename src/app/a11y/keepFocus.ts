/**
 * Focus stays where the user acted (WCAG 2.4.3): a panel that rebuilds its controls after a
 * change (the filters after ticking a crime type, say) would otherwise drop keyboard focus to the
 * page body. `keepFocus` notes which control had focus, runs the rebuild, and when that element
 * was replaced focuses its counterpart: the same data-focus-key, data-testid, data-type (a crime
 * type's box) or fixed id. Random ids (field()'s `c-…`) do not count: they change every build.
 */
export function focusKey(el: Element): string | null {
  const a = (n: string) => el.getAttribute(n);
  if (a('data-focus-key')) return `k:${a('data-focus-key')}`;
  if (a('data-type')) return `type:${a('data-type')}`;
  if (a('data-testid')) return `t:${a('data-testid')}`;
  if (el.id && !/^c-/.test(el.id)) return `#${el.id}`;
  return null;
}

export function keepFocus<T>(root: Element, rebuild: () => T): T {
  const before = document.activeElement;
  const key = before && before !== document.body && root.contains(before) ? focusKey(before) : null;
  const out = rebuild();
  if (key && before && !before.isConnected) {
    const next = [
      ...root.querySelectorAll<HTMLElement>('input, select, textarea, button, a[href], summary, [tabindex]'),
    ].find((e) => focusKey(e) === key);
    next?.focus();
  }
  return out;
}
