/*
 * The project map (Leaflet, vendored in static/vendor/leaflet/).
 *
 * Reads the projects from the GeoJSON embedded by `json_script` (#project-map-data), the tile
 * server and the translated popup labels from data attributes of #project-map: no inline
 * script, as the Content-Security-Policy requires. Markers are vector circles coloured by
 * status through CSS classes, so they show even when the tile server cannot be reached.
 */
(function () {
  "use strict";

  var PAKISTAN_CENTRE = [30.2, 69.3];
  var PAKISTAN_ZOOM = 5;

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  function row(list, label, value) {
    if (!value) {
      return;
    }
    var term = document.createElement("dt");
    term.textContent = label;
    var detail = document.createElement("dd");
    detail.textContent = value;
    list.appendChild(term);
    list.appendChild(detail);
  }

  // Built from DOM nodes with textContent: titles typed by officials never become markup.
  function popupContent(properties, labels) {
    var box = document.createElement("div");
    box.className = "project-popup";
    // The page's direction; the reference, a code, keeps its characters in order in Urdu.
    box.setAttribute("dir", document.documentElement.dir || "auto");
    var reference = document.createElement("p");
    reference.className = "project-reference mb-1";
    reference.setAttribute("dir", "ltr");
    reference.textContent = properties.reference;
    box.appendChild(reference);
    var title = document.createElement("p");
    title.className = "fw-semibold mb-2";
    title.textContent = properties.title;
    box.appendChild(title);
    var facts = document.createElement("dl");
    facts.className = "mb-2";
    row(facts, labels.labelMineral, properties.primary_mineral_name);
    row(facts, labels.labelStage, properties.stage_display);
    row(facts, labels.labelStatus, properties.status_display);
    row(facts, labels.labelInvestment, properties.investment_text);
    box.appendChild(facts);
    var link = document.createElement("a");
    link.href = properties.url;
    link.textContent = labels.labelOpen;
    box.appendChild(link);
    return box;
  }

  function init() {
    var container = document.getElementById("project-map");
    var data = document.getElementById("project-map-data");
    if (!container || !data || typeof window.L === "undefined") {
      return;
    }
    var collection = JSON.parse(data.textContent) || { features: [] };
    var labels = container.dataset;
    var fallback = container.querySelector(".project-map-fallback");
    if (fallback) {
      fallback.parentNode.removeChild(fallback);
    }

    var map = window.L.map(container, { scrollWheelZoom: false });
    if (labels.tileUrl) {
      window.L.tileLayer(labels.tileUrl, {
        maxZoom: 18,
        attribution: escapeHtml(labels.tileAttribution || ""),
      }).addTo(map);
    }

    var markers = (collection.features || []).map(function (feature) {
      var coordinates = feature.geometry.coordinates; // GeoJSON: longitude first
      var properties = feature.properties;
      var marker = window.L.circleMarker([coordinates[1], coordinates[0]], {
        radius: 8,
        weight: 2,
        fillOpacity: 0.9,
        className: "project-marker project-marker-" + properties.status,
      });
      marker.bindPopup(popupContent(properties, labels));
      marker.bindTooltip(escapeHtml(properties.reference + " · " + properties.title));
      return marker;
    });
    // The first view is set once, without animation: a zoom from Pakistan's centre to the
    // markers would move them under a reader's pointer while they are being clicked.
    if (markers.length) {
      var group = window.L.featureGroup(markers).addTo(map);
      map.fitBounds(group.getBounds(), { padding: [32, 32], maxZoom: 8, animate: false });
    } else {
      map.setView(PAKISTAN_CENTRE, PAKISTAN_ZOOM);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
