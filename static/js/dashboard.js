/*
 * The dashboards' charts (Chart.js, vendored in static/vendor/chartjs/).
 *
 * Reads each chart's labels and numbers from the JSON embedded by `json_script`
 * (#dashboard-charts), keyed by the `data-chart` attribute of its canvas: no inline script, as
 * the Content-Security-Policy requires. Every chart is followed by a table with the same
 * numbers, so without this script (or without Chart.js) the page loses nothing but pictures.
 */
(function () {
  "use strict";

  var COLOURS = ["#0b6e4f", "#c8102e", "#1f5fa8", "#d98e04", "#6a4c93", "#2a9d8f", "#8d6e63",
    "#e76f51", "#264653", "#9c6644"];

  function draw() {
    var data = document.getElementById("dashboard-charts");
    if (!data || typeof window.Chart === "undefined") {
      return;
    }
    var charts = JSON.parse(data.textContent);
    var rtl = document.documentElement.dir === "rtl";
    var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var Chart = window.Chart;
    Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;
    Chart.defaults.color = "#212529";
    Chart.defaults.animation = reduceMotion ? false : { duration: 300 };

    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var spec = charts[canvas.getAttribute("data-chart")];
      if (!spec) {
        return;
      }
      var round = spec.type === "doughnut";
      var datasets = spec.datasets.map(function (dataset, index) {
        var colour = COLOURS[index % COLOURS.length];
        return {
          label: dataset.label,
          data: dataset.data,
          backgroundColor: round ? COLOURS.slice(0, dataset.data.length) : colour,
          borderColor: round ? "#ffffff" : colour,
          borderWidth: spec.type === "line" ? 2 : 1,
          tension: 0.2
        };
      });
      var options = {
        responsive: true,
        maintainAspectRatio: false,
        locale: document.documentElement.lang || "en",
        plugins: {
          legend: { display: datasets.length > 1 || round, rtl: rtl, position: "bottom" },
          tooltip: { rtl: rtl }
        }
      };
      if (!round) {
        var index = spec.horizontal ? "y" : "x";
        var value = spec.horizontal ? "x" : "y";
        options.indexAxis = index;
        options.scales = {};
        options.scales[value] = { beginAtZero: true, ticks: { precision: 0 }, reverse: rtl && spec.horizontal };
        options.scales[index] = { reverse: rtl && !spec.horizontal };
        if (spec.horizontal) {
          options.scales[value].position = "bottom";
          options.scales[index].position = rtl ? "right" : "left";
        }
      }
      new Chart(canvas, { type: spec.type, data: { labels: spec.labels, datasets: datasets }, options: options });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
