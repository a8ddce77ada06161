// The switcher posts `next`, the page's address when it was rendered. htmx filtering pushes a
// new address (new query string) without re-rendering the header, so the form sends the
// address the visitor sees now: switching language keeps the filters.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.matches("form.portal-language-switcher")) {
    return;
  }
  const next = form.querySelector("input[name=next]");
  if (next) {
    next.value = window.location.pathname + window.location.search;
  }
});
