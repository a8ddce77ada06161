// The project form's small helpers. The form works without them; the server validates all.
// - moves focus to the error summary after a failed submission,
// - shows the running total of the evaluation-criteria weights,
// - offers only the districts of the chosen province or territory,
// - ticks the primary mineral among the minerals,
// - shows the text of each language in its own tab (without the script every language is
//   shown in turn); a tab whose fields have errors opens first and says so.
(function () {
  "use strict";

  function ready(callback) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", callback);
    } else {
      callback();
    }
  }

  function focusErrorSummary() {
    var summary = document.getElementById("error-summary");
    if (summary) {
      summary.focus();
    }
  }

  function weightTotal(form) {
    var output = document.getElementById("criteria-total");
    if (!output) {
      return;
    }
    var inputs = form.querySelectorAll("input[name^='criteria-'][name$='-weight']");
    function update() {
      var total = 0;
      inputs.forEach(function (input) {
        var value = parseInt(input.value, 10);
        if (!isNaN(value)) {
          total += value;
        }
      });
      var label = total === 100 ? output.dataset.labelOk : output.dataset.labelOff;
      output.textContent = total + " (" + label + ")";
      output.classList.toggle("text-success", total === 100);
      output.classList.toggle("text-danger", total !== 100);
    }
    inputs.forEach(function (input) {
      input.addEventListener("input", update);
    });
    update();
  }

  function districtsOfRegion(form) {
    var region = form.querySelector("select[name='region']");
    var district = form.querySelector("select[name='district']");
    if (!region || !district) {
      return;
    }
    function update(resetChoice) {
      var chosen = region.options[region.selectedIndex];
      var name = chosen && chosen.value ? chosen.text : null;
      var selected = district.options[district.selectedIndex];
      if (resetChoice && name !== null && selected && selected.parentElement.label !== name) {
        district.value = "";
        selected = null;
      }
      district.querySelectorAll("optgroup").forEach(function (group) {
        // A choice already made stays visible (and sent) until the region changes.
        var keep = selected && selected.value && selected.parentElement === group;
        var shown = name === null || group.label === name || keep;
        group.hidden = !shown;
        group.disabled = !shown;
      });
    }
    region.addEventListener("change", function () {
      update(true);
    });
    update(false);
  }

  function tickPrimaryMineral(form) {
    var primary = form.querySelector("select[name='primary_mineral']");
    if (!primary) {
      return;
    }
    primary.addEventListener("change", function () {
      if (!primary.value) {
        return;
      }
      var box = form.querySelector(
        "input[name='minerals'][value='" + CSS.escape(primary.value) + "']"
      );
      if (box) {
        box.checked = true;
      }
    });
  }

  // WAI-ARIA tabs: arrow keys, Home and End move between tabs; Tab enters the panel.
  function languageTabs(container) {
    var tablist = container.querySelector("[data-language-tablist]");
    var tabs = Array.prototype.slice.call(container.querySelectorAll("[data-language-tab]"));
    var panels = Array.prototype.slice.call(container.querySelectorAll("[data-language-panel]"));
    if (!tablist || tabs.length !== panels.length || !tabs.length) {
      return;
    }
    function select(index, focus) {
      tabs.forEach(function (tab, i) {
        var selected = i === index;
        tab.setAttribute("aria-selected", selected ? "true" : "false");
        tab.tabIndex = selected ? 0 : -1;
        tab.classList.toggle("active", selected);
        panels[i].hidden = !selected;
      });
      if (focus) {
        tabs[index].focus();
      }
    }
    tablist.hidden = false;
    container.classList.add("is-tabbed");
    panels.forEach(function (panel) {
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", panel.id.replace("lang-panel-", "lang-tab-"));
      panel.tabIndex = -1;
    });
    tabs.forEach(function (tab, index) {
      tab.addEventListener("click", function () {
        select(index, false);
      });
      tab.addEventListener("keydown", function (event) {
        var next = null;
        var rtl = document.documentElement.dir === "rtl";
        if (event.key === "ArrowRight") {
          next = rtl ? index - 1 : index + 1;
        } else if (event.key === "ArrowLeft") {
          next = rtl ? index + 1 : index - 1;
        } else if (event.key === "Home") {
          next = 0;
        } else if (event.key === "End") {
          next = tabs.length - 1;
        }
        if (next !== null) {
          event.preventDefault();
          select((next + tabs.length) % tabs.length, true);
        }
      });
    });
    // A problem in a hidden tab is shown: open the first tab with errors.
    var withErrors = panels.findIndex(function (panel) {
      return panel.getAttribute("data-has-errors") === "true";
    });
    select(withErrors >= 0 ? withErrors : 0, false);

    // Links of the error summary (and any #field address) open the tab holding the field.
    function reveal(id) {
      var target = id ? document.getElementById(id) : null;
      if (!target) {
        return;
      }
      panels.forEach(function (panel, index) {
        if (panel.contains(target) && panel.hidden) {
          select(index, false);
        }
      });
    }
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[href^='#']");
      if (link) {
        reveal(decodeURIComponent(link.getAttribute("href").slice(1)));
      }
    });
    window.addEventListener("hashchange", function () {
      reveal(decodeURIComponent(window.location.hash.slice(1)));
    });
    reveal(decodeURIComponent(window.location.hash.slice(1)));
  }

  ready(function () {
    var form = document.getElementById("project-form");
    if (!form) {
      return;
    }
    focusErrorSummary();
    weightTotal(form);
    districtsOfRegion(form);
    tickPrimaryMineral(form);
    form.querySelectorAll("[data-language-tabs]").forEach(languageTabs);
  });
})();
