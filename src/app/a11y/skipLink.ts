/**
 * In-page skip link (WCAG 2.4.1 bypass blocks; GOV.UK skip link: hidden until focused, then
 * shown where it is). Used before long lists (up to 100 ward rows London-wide) so a keyboard
 * user reaches what follows in one Tab and Enter. It moves focus itself (to the target, given
 * tabindex −1) instead of following the `#id`, because the page's address holds the ward panel
 * route (#/ward/<code>) and must not change.
 */
import { h } from '../dom.ts';
import './a11y.css';

export function skipLink(targetId: string, text: string): HTMLAnchorElement {
  const a = h(
    'a',
    {
      class: 'skip-inline',
      href: `#${targetId}`,
      'data-focus-key': `skip-${targetId}`,
      'data-testid': `skip-${targetId}`,
    },
    text,
  );
  a.addEventListener('click', (e) => {
    e.preventDefault();
    const t = document.getElementById(targetId);
    if (!t) return;
    if (!t.hasAttribute('tabindex')) t.setAttribute('tabindex', '-1');
    t.focus();
  });
  return a;
}
