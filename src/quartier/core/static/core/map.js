/* Maps load OpenStreetMap tiles only after the visitor asks for them (privacy).
   Without JavaScript the button stays hidden and the list beside the map says it all. */
(function () {
  "use strict";
  function escapeText(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  }
  function showMap(box, data) {
    var canvas = box.querySelector(".map-canvas");
    canvas.hidden = false;
    var map = L.map(canvas, { scrollWheelZoom: false });
    L.tileLayer(data.tiles, {
      maxZoom: 18,
      attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
    }).addTo(map);
    var bounds = [];
    data.markers.forEach(function (marker) {
      var point = [marker.lat, marker.lon];
      bounds.push(point);
      L.marker(point, { alt: marker.name, title: marker.name })
        .addTo(map)
        .bindPopup('<a href="' + encodeURI(marker.url) + '">' + escapeText(marker.name) + "</a>");
    });
    if (data.outline) {
      var layer = L.geoJSON(data.outline).addTo(map);
      map.fitBounds(layer.getBounds());
    } else if (bounds.length === 1) {
      map.setView(bounds[0], 14);
    } else if (bounds.length) {
      map.fitBounds(bounds, { padding: [20, 20] });
    }
  }
  function setUp(root) {
    var boxes = Array.prototype.slice.call(root.querySelectorAll("[data-map]"));
    if (root.matches && root.matches("[data-map]")) { boxes.push(root); }
    boxes.forEach(function (box) {
      var source = document.getElementById(box.getAttribute("data-map"));
      var button = box.querySelector("[data-map-show]");
      if (box.hasAttribute("data-map-ready") || !source || !button || typeof L === "undefined") { return; }
      box.setAttribute("data-map-ready", "");
      var data = JSON.parse(source.textContent);
      button.hidden = false;
      button.addEventListener("click", function () {
        button.hidden = true;
        showMap(box, data);
      });
    });
  }
  setUp(document);
  // A list that htmx filtered in place brings its own map box and data.
  document.addEventListener("htmx:load", function (event) { setUp(event.target); });
})();
