// Adjusts the <my-map> web component from @opensystemslab/map before it is
// defined. This module must be imported BEFORE "@opensystemslab/map" (ES module
// evaluation order guarantees that), because defining the element upgrades
// any <my-map> already in the page straight away.
//
// What it changes:
// 1. OpenLayers' stylesheet comes from our bundle (adopted into the shadow
//    root) instead of a <link> to a CDN; build.mjs strips that <link>.
// 2. The map height follows the --app-map-height custom property
//    (the component hard-codes 650px) and its border stays inside its width;
//    control buttons keep white text on their dark background.
// 3. basemap="none" draws no background tiles at all: the component would
//    otherwise fall back to OpenStreetMap tiles when it has no API key.
//    The layer is removed before the first frame, so no tile is requested.
//    (basemap="OSRaster" with osProxyEndpoint asks this service's tile proxy.)
// 4. data-points: a GeoJSON FeatureCollection of points ({label}) drawn as grey
//    dots, the addresses around a site when there is no base map.
// 5. data-features: a GeoJSON FeatureCollection of applications ({reference,
//    address, url}) drawn in blue; the view fits them, and clicking one opens
//    its url. Keyboard users have the page's own list of the same applications.
// 6. data-map-rendered is set once every layer has drawn (tiles loaded), so a
//    test can wait for it.
// The layers use their own copy of OpenLayers' vector classes (the component
// bundles its OpenLayers privately); they only meet the component's map through
// its public methods, with the view's projection given by its code.
import olCss from "ol/ol.css";
import GeoJSON from "ol/format/GeoJSON.js";
import VectorLayer from "ol/layer/Vector.js";
import VectorSource from "ol/source/Vector.js";
import { Circle as CircleStyle, Fill, Stroke, Style } from "ol/style.js";

const TAG = "my-map";

function sheet(cssText) {
  const styleSheet = new CSSStyleSheet();
  styleSheet.replaceSync(cssText);
  return styleSheet;
}

const olSheet = sheet(olCss);
const appSheet = sheet(`
  .map { box-sizing: border-box; height: var(--app-map-height, 650px); }
  /* The component paints control buttons #2c2c2c; OpenLayers 10 would make
     their text grey (#666, or #333 on hover/focus), so keep it white. */
  .ol-control button,
  .ol-control button:hover,
  .ol-control button:focus { color: #ffffff; }
`);

function isTileLayer(layer) {
  const source = typeof layer.getSource === "function" ? layer.getSource() : null;
  return Boolean(source && typeof source.getTileGrid === "function");
}

const addressStyle = new Style({
  image: new CircleStyle({
    radius: 5,
    fill: new Fill({ color: "#505a5f" }),
    stroke: new Stroke({ color: "#ffffff", width: 2 }),
  }),
});

const applicationStyle = new Style({
  stroke: new Stroke({ color: "#1d70b8", width: 3 }),
  fill: new Fill({ color: "rgba(29, 112, 184, 0.25)" }),
  image: new CircleStyle({
    radius: 8,
    fill: new Fill({ color: "#1d70b8" }),
    stroke: new Stroke({ color: "#ffffff", width: 2 }),
  }),
});

function readCollection(element, name, projection) {
  const raw = element.getAttribute(name);
  if (!raw) return [];
  try {
    return new GeoJSON().readFeatures(JSON.parse(raw), { featureProjection: projection });
  } catch (error) {
    console.warn(`<my-map> ${name} is not GeoJSON`, error);
    return [];
  }
}

function vectorLayer(features, style, zIndex) {
  const layer = new VectorLayer({ source: new VectorSource({ features }), style });
  layer.setZIndex(zIndex);
  return layer;
}

// Only a link within this service is followed: the url comes from the page's data, never a script.
function sameSiteUrl(value) {
  return typeof value === "string" && value.startsWith("/") && !value.startsWith("//") ? value : null;
}

function addApplications(element, map, features) {
  const layer = vectorLayer(features, applicationStyle, 1002);
  map.addLayer(layer);
  map.getView().fit(layer.getSource().getExtent(), { padding: [40, 40, 40, 40], maxZoom: 17 });
  const featureAt = (pixel) =>
    map.forEachFeatureAtPixel(pixel, (feature) => feature, { layerFilter: (candidate) => candidate === layer });
  map.on("singleclick", (event) => {
    const feature = featureAt(event.pixel);
    const url = feature && sameSiteUrl(feature.get("url"));
    if (url) window.location.assign(url);
  });
  map.on("pointermove", (event) => {
    if (event.dragging) return;
    const feature = featureAt(event.pixel);
    map.getViewport().style.cursor = feature ? "pointer" : "grab";
    const words = feature ? [feature.get("reference"), feature.get("address")].filter(Boolean).join(", ") : "";
    if (words) element.setAttribute("title", words);
    else element.removeAttribute("title");
  });
}

function addLayers(element, map) {
  const projection = map.getView().getProjection().getCode();
  const points = readCollection(element, "data-points", projection);
  if (points.length) map.addLayer(vectorLayer(points, addressStyle, 1000));
  const applications = readCollection(element, "data-features", projection);
  if (applications.length) addApplications(element, map, applications);
  map.on("rendercomplete", () => element.setAttribute("data-map-rendered", ""));
}

function patch(MapElement) {
  const { createRenderRoot, firstUpdated } = MapElement.prototype;

  MapElement.prototype.createRenderRoot = function createRenderRootWithLocalStyles() {
    const root = createRenderRoot.call(this);
    if (root && "adoptedStyleSheets" in root) {
      // OpenLayers first so the component's own rules still win, as they did
      // with the original <link>; our height rule last.
      root.adoptedStyleSheets = [olSheet, ...root.adoptedStyleSheets, appSheet];
    }
    return root;
  };

  MapElement.prototype.firstUpdated = function firstUpdatedWithOurLayers(...args) {
    // The server writes the tile proxy's address from the request it saw; behind
    // a proxy that ends TLS it may say http: on an https page. Same host: ask
    // over the page's own scheme, so tiles are never mixed content.
    if (this.osProxyEndpoint) {
      const endpoint = new URL(this.osProxyEndpoint, window.location.href);
      if (endpoint.host === window.location.host && endpoint.protocol !== window.location.protocol) {
        endpoint.protocol = window.location.protocol;
        this.osProxyEndpoint = endpoint.href;
      }
    }
    // The component builds its OpenLayers map synchronously at the start of
    // firstUpdated(), before any await, so this.map exists once it returns.
    const result = firstUpdated.apply(this, args);
    if (this.basemap === "none" && this.map) {
      const layers = this.map.getLayers().getArray().filter(isTileLayer);
      layers.forEach((layer) => this.map.removeLayer(layer));
    }
    if (this.map) addLayers(this, this.map);
    return result;
  };
}

const registry = window.customElements;
const define = registry.define;
registry.define = function defineWithPatch(name, constructor, options) {
  if (name === TAG) {
    patch(constructor);
    registry.define = define;
  }
  return define.call(this, name, constructor, options);
};
