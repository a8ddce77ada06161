// On phones the filters of the project list and map live in an offcanvas panel (Bootstrap's
// `offcanvas-lg`); from lg up the same element is an ordinary column.

// The panel is a labelled dialog only while it is open (Bootstrap adds role="dialog" then);
// a label on a plain column would be invalid HTML, so it is added and removed here.
document.addEventListener("show.bs.offcanvas", (event) => {
  const heading = event.target.dataset.labelledby;
  if (heading) {
    event.target.setAttribute("aria-labelledby", heading);
  }
});
document.addEventListener("hidden.bs.offcanvas", (event) => {
  if (event.target.dataset.labelledby) {
    event.target.removeAttribute("aria-labelledby");
  }
});

// A facet link swaps the whole browser (#project-browser) with htmx: close the panel first, so
// that its backdrop and the page's scroll lock do not outlive it.
document.addEventListener("htmx:beforeRequest", (event) => {
  const target = event.detail && event.detail.target;
  if (!window.bootstrap || !target || target.id !== "project-browser") {
    return;
  }
  for (const panel of document.querySelectorAll(".offcanvas-lg.show")) {
    const offcanvas = window.bootstrap.Offcanvas.getInstance(panel);
    if (offcanvas) {
      offcanvas.hide();
    }
  }
});
