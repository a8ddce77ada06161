// The project form's small helpers. The form works without them; the server validates all.
// - moves focus to the error summary after a failed submission,
// - shows the running total of the evaluation-criteria weights,
// - offers only the districts of the chosen province or territory,
// - ticks the primary mineral among the minerals.
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

  ready(function () {
    var form = document.getElementById("project-form");
    if (!form) {
      return;
    }
    focusErrorSummary();
    weightTotal(form);
    districtsOfRegion(form);
    tickPrimaryMineral(form);
  });
})();
