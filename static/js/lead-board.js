// The lead board's drag and drop: a card dropped on another column posts the move with htmx,
// and the board that comes back replaces this one. Every card also has a "Move to" form, so the
// board works with a keyboard and without scripts; dropping on "Lost" opens the page that asks
// for the reason. Handlers are delegated, so they survive htmx swapping the board.
(function () {
  "use strict";
  var dragged = null;

  function columnOf(target) {
    return target && target.closest ? target.closest(".lead-column[data-stage]") : null;
  }

  function allows(card, stage) {
    return (card.dataset.nextStages || "").split(" ").indexOf(stage) !== -1;
  }

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest(".lead-card");
    if (!card) return;
    dragged = card;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.reference);
    card.classList.add("opacity-50");
  });

  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("opacity-50");
    dragged = null;
    document.querySelectorAll(".lead-column.border-success").forEach(function (column) {
      column.classList.remove("border-success");
    });
  });

  document.addEventListener("dragover", function (event) {
    var column = columnOf(event.target);
    if (!dragged || !column || !allows(dragged, column.dataset.stage)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    column.classList.add("border-success");
  });

  document.addEventListener("dragleave", function (event) {
    var column = columnOf(event.target);
    if (column && !column.contains(event.relatedTarget)) column.classList.remove("border-success");
  });

  document.addEventListener("drop", function (event) {
    var column = columnOf(event.target);
    var card = dragged;
    if (!card || !column || !allows(card, column.dataset.stage)) return;
    event.preventDefault();
    var stage = column.dataset.stage;
    var url = card.dataset.moveUrl;
    var form = card.querySelector("form.lead-move-form");
    var next = form ? form.querySelector("[name=next]").value : window.location.pathname;
    if (stage === "lost") {
      window.location.assign(url + "?stage=lost&next=" + encodeURIComponent(next));
      return;
    }
    var token = form ? form.querySelector("[name=csrfmiddlewaretoken]").value : "";
    window.htmx.ajax("POST", url + window.location.search, {
      source: card,
      target: "#lead-board",
      swap: "outerHTML",
      values: { stage: stage, next: next, csrfmiddlewaretoken: token },
    });
  });
})();
