/*
 * Countdown to a project's closing time.
 *
 * The server renders the days, hours, minutes and seconds left as of the page load (so the
 * page reads correctly without JavaScript); this script keeps them ticking. Markup:
 *
 *   <div data-countdown data-closes-at="2026-06-30T17:00:00+05:00">
 *     <span data-unit="days">…</span> <span data-unit="hours">…</span>
 *     <span data-unit="minutes">…</span> <span data-unit="seconds">…</span>
 *   </div>
 *   <p data-countdown-closed hidden>…</p>   (shown once the time has passed)
 *
 * Every word comes from the page, in its language: each unit's label carries its forms for
 * one and for other numbers (data-label-one, data-label-other), chosen with the page
 * language's plural rules; numbers are written with the language's digits.
 */
(function () {
  "use strict";

  var UNITS = [
    ["days", 86400],
    ["hours", 3600],
    ["minutes", 60],
    ["seconds", 1],
  ];

  function start(element) {
    var closesAt = Date.parse(element.getAttribute("data-closes-at"));
    if (isNaN(closesAt)) {
      return;
    }
    var fields = {};
    UNITS.forEach(function (unit) {
      fields[unit[0]] = element.querySelector('[data-unit="' + unit[0] + '"]');
    });
    var closedMessage = element.parentNode.querySelector("[data-countdown-closed]");
    var language = document.documentElement.lang || "en";
    var plurals = window.Intl && Intl.PluralRules ? new Intl.PluralRules(language) : null;
    var numbers = window.Intl && Intl.NumberFormat ? new Intl.NumberFormat(language) : null;
    var labels = {};
    UNITS.forEach(function (unit) {
      var field = fields[unit[0]];
      labels[unit[0]] = field ? field.parentNode.querySelector("[data-label-one]") : null;
    });

    function show(name, value) {
      var text = numbers ? numbers.format(value) : String(value);
      if (fields[name] && fields[name].textContent !== text) {
        fields[name].textContent = text;
      }
      var label = labels[name];
      if (label) {
        var form = plurals && plurals.select(value) === "one" ? "one" : "other";
        var word = label.getAttribute("data-label-" + form);
        if (word && label.textContent !== word) {
          label.textContent = word;
        }
      }
    }
    var timer = null;

    function tick() {
      var left = Math.max(0, Math.floor((closesAt - Date.now()) / 1000));
      UNITS.forEach(function (unit) {
        var name = unit[0];
        var size = unit[1];
        var value = Math.floor(left / size);
        if (name === "hours") {
          value %= 24;
        } else if (name !== "days") {
          value %= 60;
        }
        show(name, value);
      });
      if (left === 0) {
        if (timer !== null) {
          window.clearInterval(timer);
        }
        element.hidden = true;
        if (closedMessage) {
          closedMessage.hidden = false;
        }
      }
      return left;
    }

    if (tick() > 0) {
      timer = window.setInterval(tick, 1000);
    }
  }

  function init() {
    var elements = document.querySelectorAll("[data-countdown]");
    for (var i = 0; i < elements.length; i += 1) {
      start(elements[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
