// Run in the page by Playwright (DevTools protocol, not an inline script).
// Returns a list of problems: unlabelled controls, heading order, alt text,
// sideways scrolling at the current width, resources from other origins.
(() => {
  const problems = [];
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  for (const el of document.querySelectorAll('input, select, textarea')) {
    if (el.type === 'hidden' || !visible(el)) continue;
    const labelled = (el.labels && el.labels.length) || el.getAttribute('aria-label')
      || el.getAttribute('aria-labelledby');
    if (!labelled) problems.push('unlabelled ' + el.tagName + ' ' + (el.name || el.id));
  }
  let last = 0;
  for (const h of document.querySelectorAll('main h1, main h2, main h3, main h4, main h5, main h6')) {
    const level = Number(h.tagName[1]);
    if (last === 0 && level !== 1) problems.push('first heading is ' + h.tagName);
    if (last && level > last + 1) problems.push('heading skips from h' + last + ' to ' + h.tagName);
    last = level;
  }
  if (document.querySelectorAll('main h1').length !== 1) problems.push('not exactly one h1');
  for (const img of document.querySelectorAll('img')) {
    if (!img.hasAttribute('alt')) problems.push('image without alt ' + img.src.slice(0, 40));
  }
  if (document.documentElement.scrollWidth > window.innerWidth + 1) {
    problems.push('scrolls sideways: ' + document.documentElement.scrollWidth + 'px');
  }
  for (const el of document.querySelectorAll('link[href], script[src], img[src]')) {
    const url = el.href || el.src;
    if (url && !url.startsWith(location.origin) && !url.startsWith('data:')) {
      problems.push('external resource ' + url);
    }
  }
  return problems;
})
