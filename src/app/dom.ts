/** Tiny DOM builder: text always goes through textContent / text nodes, never HTML. */
export type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | boolean | null | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

export function append(el: Element, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

export function clear(el: Element): void {
  el.replaceChildren();
}

/**
 * Gives `target` the children of `fresh`, leaving in place each child equal (isEqualNode:
 * same tags, attributes and text all the way down) to its new counterpart at the same
 * position. What did not change is not styled, laid out or painted again: after a bandwidth
 * change the ward table, the charts and the data-quality summary stay as they were. Event
 * handlers of a kept node are the old ones; the panels derive every handler from what the
 * node shows (its ids, selection and expanded state are attributes), so they do the same.
 */
export function patchChildren(target: Element, fresh: Element): void {
  const olds = target.childNodes;
  const news = [...fresh.childNodes];
  if (olds.length !== news.length) {
    target.replaceChildren(...news);
    return;
  }
  for (let i = 0; i < news.length; i++) {
    const o = olds[i];
    if (!o.isEqualNode(news[i])) target.replaceChild(news[i], o);
  }
}

/**
 * Makes `next` the children of `root`, keeping in place each present child with the same tag
 * and data-testid as a new one: it takes the new one's attributes, and its children through patchChildren. The container
 * never empties, so it keeps its scroll position without the page reading or setting it (either
 * forces a layout of the new content on the spot).
 */
export function replaceKeyed(root: Element, next: readonly (Element | null)[]): void {
  const present = new Map<string, Element>();
  for (const c of root.children) {
    const key = c.getAttribute('data-testid');
    if (key) present.set(key, c);
  }
  const wanted: Element[] = [];
  for (const n of next) {
    if (!n) continue;
    const key = n.getAttribute('data-testid');
    const old = key ? present.get(key) : undefined;
    if (!old || old.tagName !== n.tagName) {
      wanted.push(n);
      continue;
    }
    present.delete(key as string);
    for (const a of [...old.attributes]) if (!n.hasAttribute(a.name)) old.removeAttribute(a.name);
    for (const a of n.attributes) if (old.getAttribute(a.name) !== a.value) old.setAttribute(a.name, a.value);
    patchChildren(old, n);
    wanted.push(old);
  }
  // Move only what is out of place: a panel removed and inserted again would lose its state.
  for (let i = 0; i < wanted.length; i++)
    if (root.children[i] !== wanted[i]) root.insertBefore(wanted[i], root.children[i] ?? null);
  while (root.children.length > wanted.length) root.lastElementChild?.remove();
  for (const n of [...root.childNodes]) if (n.nodeType !== Node.ELEMENT_NODE) n.remove();
}

export const fmtInt = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
export const fmt1 = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
export const pct = (x: number, digits = 1) => `${(x * 100).toFixed(digits)}%`;
