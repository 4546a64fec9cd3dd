/* The organisation map: Leaflet with the tile server from the page's data attributes and the
   markers from the GeoJSON feed. Without JavaScript, Leaflet or tiles the map stays hidden and
   the table below it carries the same information. */
(function () {
  "use strict";

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function init() {
    var section = document.querySelector("[data-registry-map]");
    if (!section || typeof window.L === "undefined" || !window.fetch) {
      return;
    }
    var L = window.L;
    section.hidden = false;
    var canvas = section.querySelector("[data-registry-map-canvas]");
    var map = L.map(canvas, { keyboard: true }).setView([52.07, 19.48], 6);
    L.tileLayer(section.dataset.tileUrl, {
      maxZoom: 19,
      attribution: escapeHtml(section.dataset.attribution || "")
    }).addTo(map);

    fetch(section.dataset.geojsonUrl, { headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          pointToLayer: function (feature, latlng) {
            return L.marker(latlng, {
              title: feature.properties.name,
              alt: feature.properties.name,
              keyboard: true
            });
          },
          onEachFeature: function (feature, marker) {
            var p = feature.properties;
            marker.bindPopup(
              '<a href="' + escapeHtml(p.url) + '">' + escapeHtml(p.name) + "</a><br>" +
              escapeHtml(p.legal_form_label) + (p.address ? "<br>" + escapeHtml(p.address) : "")
            );
          }
        }).addTo(map);
        if (data.features && data.features.length) {
          map.fitBounds(layer.getBounds(), { padding: [24, 24], maxZoom: 15 });
        }
      })
      .catch(function () {
        section.hidden = true;
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
