// Defines the <my-map> web component (@opensystemslab/map, OpenLayers based).
// map-setup.js must come first: see the comment at its top.
import "./map-setup.js";
import "@opensystemslab/map";
