/**
 * The header's "Menu" button below 700 px: a disclosure (WAI-ARIA APG "Disclosure" pattern) over the
 * main nav. The page ships a :target link for browsers without JavaScript; this swaps it for a real
 * button with aria-expanded, closes on Escape (focus back on the button) and when focus or a click
 * leaves the header, and forgets its state when the window grows past the breakpoint.
 */
const NARROW = '(max-width: 43.74rem)';

export function enhanceMenu(doc: Document) {
  const header = doc.querySelector<HTMLElement>('.site-header');
  const button = header?.querySelector<HTMLButtonElement>('.menu-button');
  const link = header?.querySelector<HTMLAnchorElement>('.menu-link');
  const nav = header?.querySelector<HTMLElement>('#site-nav');
  if (!header || !button || !link || !nav) return;

  header.classList.add('menu-enhanced');
  link.hidden = true;
  button.hidden = false;
  // A page opened at #site-nav (the no-script link) starts closed now that the button works.
  if (location.hash === '#site-nav') history.replaceState(null, '', location.pathname + location.search);

  const setOpen = (open: boolean) => {
    button.setAttribute('aria-expanded', String(open));
    header.classList.toggle('menu-open', open);
  };
  const isOpen = () => button.getAttribute('aria-expanded') === 'true';

  button.addEventListener('click', () => setOpen(!isOpen()));
  header.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || !isOpen()) return;
    setOpen(false);
    button.focus();
  });
  header.addEventListener('focusout', (event) => {
    const next = event.relatedTarget as Node | null;
    if (next && !header.contains(next)) setOpen(false);
  });
  doc.addEventListener('click', (event) => {
    if (isOpen() && !header.contains(event.target as Node)) setOpen(false);
  });
  window.matchMedia(NARROW).addEventListener('change', (query) => {
    if (!query.matches) setOpen(false);
  });
}
