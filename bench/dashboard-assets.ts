/**
 * Benchmark: what the dashboard ships to a browser.
 *
 *   npm run bench:dashboard
 *
 * Prints every JavaScript and CSS file under dist/dashboard/ (what csm serves at /assets/), raw and
 * gzip-compressed, and the totals. Run `npm run build` first. No goal is asserted: the figures go in
 * docs/dashboard.md.
 */
import { gzipSync } from 'node:zlib';
import { ASSETS_DIR, assetBytes, loadAssets } from '../src/http/dashboard/dashboard-assets.js';

const assets = loadAssets();
if (assets.size === 0) {
  process.stderr.write(`bench: no assets in ${ASSETS_DIR}: run npm run build first\n`);
  process.exit(1);
}
let gzipped = 0;
const rows = [...assets.entries()].sort(([a], [b]) => a.localeCompare(b));
for (const [name, asset] of rows) {
  const gz = gzipSync(asset.body, { level: 9 }).length;
  gzipped += gz;
  process.stdout.write(
    `${name.padEnd(26)} ${String(asset.body.length).padStart(7)} B  ${String(gz).padStart(6)} B gzip\n`,
  );
}
const { js, css } = assetBytes(assets);
process.stdout.write(
  `total: ${assets.size} files, JavaScript ${js} B, CSS ${css} B, together ${js + css} B (${gzipped} B gzip, file by file)\n`,
);
