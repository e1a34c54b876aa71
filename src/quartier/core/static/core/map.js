/* Maps load OpenStreetMap tiles only after the visitor asks for them (privacy), and Leaflet's
   script and styles only then too (a first visit stays small): the addresses come from this
   script's data-leaflet-script and data-leaflet-style attributes, same origin (CSP 'self').
   Without JavaScript the button stays hidden and the list beside the map says it all. */
(function () {
  "use strict";
  var self = document.currentScript;
  var leafletScript = self && self.getAttribute("data-leaflet-script");
  var leafletStyle = self && self.getAttribute("data-leaflet-style");
  var loading = null;
  function element(tag, attributes) {
    var node = document.createElement(tag);
    Object.keys(attributes).forEach(function (name) { node[name] = attributes[name]; });
    return node;
  }
  /* Leaflet, loaded once on the first request for a map: a promise of window.L. */
  function loadLeaflet() {
    if (window.L) { return Promise.resolve(window.L); }
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var waiting = 2;
        function loaded() {
          waiting -= 1;
          if (waiting === 0) { resolve(window.L); }
        }
        function failed() {
          loading = null;
          reject(new Error("Leaflet could not be loaded"));
        }
        // The styles first: Leaflet finds its marker images through them.
        document.head.appendChild(element("link", { rel: "stylesheet", href: leafletStyle, onload: loaded, onerror: failed }));
        document.head.appendChild(element("script", { src: leafletScript, onload: loaded, onerror: failed }));
      });
    }
    return loading;
  }
  window.quartierLeaflet = loadLeaflet;
  function escapeText(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  }
  function showMap(box, data, L) {
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
      if (box.hasAttribute("data-map-ready") || !source || !button || !leafletScript || !leafletStyle) { return; }
      box.setAttribute("data-map-ready", "");
      var data = JSON.parse(source.textContent);
      button.hidden = false;
      button.addEventListener("click", function () {
        button.disabled = true;
        button.setAttribute("aria-busy", "true");
        loadLeaflet().then(function (L) {
          button.hidden = true;
          showMap(box, data, L);
        }, function () {
          button.disabled = false;  // a failed load can be tried again
        }).then(function () { button.removeAttribute("aria-busy"); });
      });
    });
  }
  setUp(document);
  // A list that htmx filtered in place brings its own map box and data.
  document.addEventListener("htmx:load", function (event) { setUp(event.target); });
})();
