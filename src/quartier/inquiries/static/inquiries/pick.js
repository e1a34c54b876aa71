/* Pick the place of an inquiry on a map: Leaflet (through core/map.js) and the tiles load
   only after the click, and the coordinates land in the two ordinary form fields, which work
   without JavaScript too. */
(function () {
  "use strict";
  document.querySelectorAll("[data-point-picker]").forEach(function (box) {
    var button = box.querySelector("[data-point-show]");
    var canvas = box.querySelector(".map-canvas");
    var lat = box.querySelector("input[name=latitude]");
    var lon = box.querySelector("input[name=longitude]");
    if (!button || !canvas || !lat || !lon || typeof window.quartierLeaflet !== "function") { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      window.quartierLeaflet().then(function (L) { show(L); }, function () { button.disabled = false; });
    });
    function show(L) {
      button.hidden = true;
      canvas.hidden = false;
      var start = lat.value && lon.value ? [parseFloat(lat.value), parseFloat(lon.value)] : [50.8967, 7.8722];
      var map = L.map(canvas, { scrollWheelZoom: false }).setView(start, 15);
      L.tileLayer(box.getAttribute("data-tiles"), {
        maxZoom: 19,
        attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
      }).addTo(map);
      var marker = lat.value && lon.value ? L.marker(start).addTo(map) : null;
      map.on("click", function (event) {
        lat.value = event.latlng.lat.toFixed(6);
        lon.value = event.latlng.lng.toFixed(6);
        if (marker) { marker.setLatLng(event.latlng); } else { marker = L.marker(event.latlng).addTo(map); }
      });
    }
  });
})();
