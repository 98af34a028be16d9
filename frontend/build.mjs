// Builds the front-end assets into build/:
//   app.css  compiled from src/app.scss (GOV.UK Frontend + project styles)
//   app.js   src/app.js bundled as a classic script (IIFE)
//   map.js   src/map.js bundled as a classic script (IIFE): defines <my-map>
//   icons/   the favicon, touch icons and web app manifest, drawn by src/icons.mjs
// Usage: npm ci && npm run build
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

import * as esbuild from "esbuild";
import * as sass from "sass";

import { writeIcons } from "./src/icons.mjs";

const root = path.dirname(fileURLToPath(import.meta.url));
const src = path.join(root, "src");
const out = path.join(root, "build");
const require = createRequire(import.meta.url);

// Browsers we target: evergreen ones (GOV.UK Frontend v6 supports the same).
const target = ["chrome109", "edge109", "firefox115", "safari15"];

// <my-map> renders <link rel="stylesheet" href="https://cdn.skypack.dev/ol@.../ol.css">
// inside its shadow root. Remove that link so nothing is fetched from a CDN;
// src/map-setup.js supplies OpenLayers' CSS from the bundle instead.
const CDN_OL_CSS_LINK = /<link\s+rel="stylesheet"\s+href="https:\/\/cdn\.skypack\.dev\/ol@[^"]*\/ol\.css"\s*\/>/g;

const mapPlugin = {
  name: "opensystemslab-map-offline",
  setup(build) {
    // The package's "exports" only exposes dist/component-lib.es.js.
    const mapPackageDir = path.resolve(path.dirname(require.resolve("@opensystemslab/map")), "..");

    // OpenLayers' stylesheet, from the copy of `ol` installed for the map package.
    build.onResolve({ filter: /^ol\/ol\.css$/ }, () => ({
      path: createRequire(path.join(mapPackageDir, "package.json")).resolve("ol/ol.css"),
    }));

    let removed = 0;
    build.onStart(() => {
      removed = 0;
    });
    build.onLoad({ filter: /\.m?js$/ }, async (args) => {
      if (!args.path.startsWith(mapPackageDir + path.sep)) return undefined;
      const contents = await readFile(args.path, "utf8");
      if (!contents.includes("cdn.skypack.dev/ol")) return undefined;
      const patched = contents.replace(CDN_OL_CSS_LINK, () => {
        removed += 1;
        return "";
      });
      return { contents: patched, loader: "js" };
    });
    build.onEnd((result) => {
      if (result.errors.length === 0 && removed === 0) {
        result.errors.push({
          text: "@opensystemslab/map: the CDN ol.css <link> was not found; check src/map-setup.js still fits this version",
        });
      }
    });
  },
};

async function buildCss() {
  const result = await sass.compileAsync(path.join(src, "app.scss"), {
    style: "compressed",
    importers: [new sass.NodePackageImporter(root)],
    // GOV.UK Frontend's own deprecation notices are not ours to fix.
    quietDeps: true,
  });
  if (result.css.includes("@font-face")) {
    throw new Error("app.css must not contain @font-face rules");
  }
  await writeFile(path.join(out, "app.css"), result.css + "\n");
}

const jsOptions = {
  bundle: true,
  format: "iife",
  minify: true,
  target,
  legalComments: "none",
  logLevel: "warning",
};

async function main() {
  const started = performance.now();
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });

  await Promise.all([
    buildCss(),
    esbuild.build({
      ...jsOptions,
      entryPoints: [path.join(src, "app.js")],
      outfile: path.join(out, "app.js"),
    }),
    esbuild.build({
      ...jsOptions,
      entryPoints: [path.join(src, "map.js")],
      outfile: path.join(out, "map.js"),
      loader: { ".css": "text" },
      plugins: [mapPlugin],
    }),
    writeIcons(out),
  ]);

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`Built app.css, app.js, map.js and icons/ into ${path.relative(process.cwd(), out) || "."} in ${seconds}s`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
