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
import olCss from "ol/ol.css";

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

  MapElement.prototype.firstUpdated = function firstUpdatedWithoutTiles(...args) {
    // The component builds its OpenLayers map synchronously at the start of
    // firstUpdated(), before any await, so this.map exists once it returns.
    const result = firstUpdated.apply(this, args);
    if (this.basemap === "none" && this.map) {
      const layers = this.map.getLayers().getArray().filter(isTileLayer);
      layers.forEach((layer) => this.map.removeLayer(layer));
    }
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
