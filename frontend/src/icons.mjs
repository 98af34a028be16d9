// The service's icons: the favicon (ICO and SVG), the touch and app icons (PNG), the mask icon and the web app
// manifest, written into build/icons/ from one drawing.
//
// A council's service is not GOV.UK, so it does not use GOV.UK Frontend's icons (they carry the GOV.UK crown):
// the drawing is the ring of six dots of the generic header the pages show, white on the header's black.
// PNGs are drawn and encoded here (node's zlib), so the build needs no image tool and no icon is committed.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { deflateSync } from "node:zlib";

export const BACKGROUND = "#0b0c0c";
const FOREGROUND = "#ffffff";

// Six dots on a ring, one at the top, one at the bottom, two on each side: centre, ring and dot radii are
// fractions of the icon's side. `extent` is how far the dots reach from the centre (a maskable icon keeps its
// content within 40% of the side, which the default leaves room for).
function dots(extent) {
  const ring = extent / 1.39;
  const radius = ring * 0.39;
  return [90, 30, 330, 270, 210, 150].map((degrees) => {
    const angle = (degrees * Math.PI) / 180;
    return { x: 0.5 + ring * Math.cos(angle), y: 0.5 - ring * Math.sin(angle), r: radius };
  });
}

function hex(colour) {
  return [1, 3, 5].map((start) => parseInt(colour.slice(start, start + 2), 16));
}

// Each pixel is sampled 4 x 4 times, so the edges of the dots are smooth.
function draw(size, extent) {
  const shapes = dots(extent).map(({ x, y, r }) => ({ x: x * size, y: y * size, r2: (r * size) ** 2 }));
  const [br, bg, bb] = hex(BACKGROUND);
  const [fr, fg, fb] = hex(FOREGROUND);
  const samples = 4;
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      let inside = 0;
      for (let sy = 0; sy < samples; sy += 1) {
        for (let sx = 0; sx < samples; sx += 1) {
          const x = px + (sx + 0.5) / samples;
          const y = py + (sy + 0.5) / samples;
          if (shapes.some((s) => (x - s.x) ** 2 + (y - s.y) ** 2 <= s.r2)) inside += 1;
        }
      }
      const cover = inside / (samples * samples);
      const at = (py * size + px) * 4;
      rgba[at] = Math.round(br + (fr - br) * cover);
      rgba[at + 1] = Math.round(bg + (fg - bg) * cover);
      rgba[at + 2] = Math.round(bb + (fb - bb) * cover);
      rgba[at + 3] = 255;
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function png(size, extent = 0.32) {
  const rgba = draw(size, extent);
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y += 1) {
    rows[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

// An ICO file holding PNG images (read by every browser since 2010).
export function ico(sizes, extent) {
  const images = sizes.map((size) => png(size, extent));
  const directory = Buffer.alloc(6 + 16 * sizes.length);
  directory.writeUInt16LE(0, 0);
  directory.writeUInt16LE(1, 2); // icon
  directory.writeUInt16LE(sizes.length, 4);
  let offset = directory.length;
  sizes.forEach((size, index) => {
    const entry = 6 + 16 * index;
    directory[entry] = size >= 256 ? 0 : size;
    directory[entry + 1] = size >= 256 ? 0 : size;
    directory.writeUInt16LE(1, entry + 4); // colour planes
    directory.writeUInt16LE(32, entry + 6); // bits per pixel
    directory.writeUInt32LE(images[index].length, entry + 8);
    directory.writeUInt32LE(offset, entry + 12);
    offset += images[index].length;
  });
  return Buffer.concat([directory, ...images]);
}

export function svg({ extent = 0.4, background = BACKGROUND, foreground = FOREGROUND } = {}) {
  const side = 32;
  const circles = dots(extent)
    .map(({ x, y, r }) => `<circle cx="${(x * side).toFixed(2)}" cy="${(y * side).toFixed(2)}" r="${(r * side).toFixed(2)}"/>`)
    .join("");
  const square = background ? `<rect width="${side}" height="${side}" fill="${background}"/>` : "";
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}">${square}<g fill="${foreground}">${circles}</g></svg>\n`;
}

export async function writeIcons(out) {
  const dir = path.join(out, "icons");
  await mkdir(dir, { recursive: true });
  const manifest = {
    name: "Planning back office",
    short_name: "Planning",
    start_url: "/",
    display: "browser",
    theme_color: BACKGROUND,
    background_color: BACKGROUND,
    icons: [
      { src: "favicon.ico", type: "image/x-icon", sizes: "16x16 32x32 48x48" },
      { src: "favicon.svg", type: "image/svg+xml", sizes: "any", purpose: "any" },
      ...[180, 192, 512].map((size) => ({
        src: `icon-${size}.png`,
        type: "image/png",
        sizes: `${size}x${size}`,
        purpose: "maskable",
      })),
      { src: "icon-mask.svg", type: "image/svg+xml", sizes: "any", purpose: "monochrome" },
    ],
  };
  await Promise.all([
    // Tab icons are small: the dots fill more of the square there.
    writeFile(path.join(dir, "favicon.ico"), ico([16, 32, 48], 0.42)),
    writeFile(path.join(dir, "favicon.svg"), svg({ extent: 0.42 })),
    writeFile(path.join(dir, "icon-mask.svg"), svg({ extent: 0.42, background: "", foreground: "#000000" })),
    ...[180, 192, 512].map((size) => writeFile(path.join(dir, `icon-${size}.png`), png(size))),
    writeFile(path.join(dir, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n"),
  ]);
}
