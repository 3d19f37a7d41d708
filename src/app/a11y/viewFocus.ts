/**
 * Where keyboard focus goes when a view opens or closes (WCAG 2.4.3 focus order, GOV.UK's
 * pattern for content that replaces the page): opening the tasking view or the ward panel moves
 * focus to the view's heading (so a screen reader reads its title and Tab continues inside it);
 * going back to the analyst view returns focus to the control that opened the view, or else to
 * the header button that opens it again. The first state (the page opened on a view's link)
 * moves nothing: focus starts at the top of the page as on any page load.
 */
type View = string;

const isView = (v: View | null) => v === 'tasking' || v === 'ward';

export class ViewFocus {
  private last: View | null = null;
  private opener: HTMLElement | null = null;

  /** Call on every render with the view shown and its heading (tabindex −1). */
  update(view: View, heading: HTMLElement | null): void {
    const prev = this.last;
    this.last = view;
    if (prev === null || prev === view) return;
    if (isView(view)) {
      if (!isView(prev)) {
        const a = document.activeElement;
        this.opener = a instanceof HTMLElement && a !== document.body ? a : null;
      }
      heading?.focus();
    } else if (isView(prev)) {
      const opener = this.opener;
      this.opener = null;
      const back =
        opener && opener.isConnected && opener.offsetParent !== null
          ? opener
          : document.querySelector<HTMLElement>(prev === 'tasking' ? '#btn-tasking' : '#btn-ward-panel');
      back?.focus();
    }
  }
}
