// Defines the <my-map> web component (@opensystemslab/map, OpenLayers based).
// map-setup.js must come first: see the comment at its top.
import "./map-setup.js";
import "@opensystemslab/map";

// A map with data-boundary-field draws a red line and copies it, as a GeoJSON Feature in longitude and
// latitude, into that form field (a textarea that also takes pasted GeoJSON, so the form works without
// JavaScript). The component's "EPSG:3857" entry is written by OpenLayers' GeoJSON writer with its default data
// projection, so its coordinates are already longitude and latitude (EPSG:4326); the other entry is BNG.
function rounded([lon, lat]) {
  return [Number(lon.toFixed(7)), Number(lat.toFixed(7))];
}

function firstPolygon(geojson) {
  const feature = geojson && geojson.type === "FeatureCollection" ? geojson.features[0] : geojson;
  const geometry = feature && (feature.geometry || feature);
  return geometry && geometry.type === "Polygon" ? geometry : null;
}

document.querySelectorAll("my-map[data-boundary-field]").forEach((map) => {
  const field = document.getElementById(map.dataset.boundaryField);
  if (!field) return;
  map.addEventListener("geojsonChange", (event) => {
    const polygon = firstPolygon(event.detail && event.detail["EPSG:3857"]);
    if (!polygon) return;
    const coordinates = polygon.coordinates.map((ring) => ring.map(rounded));
    field.value = JSON.stringify({ type: "Feature", properties: {}, geometry: { type: "Polygon", coordinates } });
  });
});
