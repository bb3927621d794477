import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the built dashboard is: `dist/dashboard/` of the package, built by `npm run build` (and so by
 * `npm ci`, through `prepare`) from `src/http/dashboard/app/`. The same relative path from src/ (tests run
 * the sources) and from dist/ (the bin).
 */
export const ASSETS_DIR = fileURLToPath(new URL('../../../dist/dashboard/', import.meta.url));

/** One file the dashboard serves under `/assets/`. */
export interface Asset {
  readonly body: Buffer;
  readonly type: string;
  /** A strong ETag of the content: a browser asks again and gets 304 until csm is upgraded. */
  readonly etag: string;
}

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * Reads every asset of `dir` into memory once (a few tens of kilobytes), by its path below `/assets/`.
 * Only the file types above: nothing else in the folder (source maps, stray files) is served.
 */
export function loadAssets(dir: string = ASSETS_DIR): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  let entries: string[];
  try {
    entries = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch {
    return assets;
  }
  for (const entry of entries) {
    const type = TYPES[path.extname(entry)];
    if (!type) continue;
    const body = readFileSync(path.join(dir, entry));
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
    assets.set(entry.split(path.sep).join('/'), { body, type, etag });
  }
  return assets;
}

/** The shipped JavaScript and CSS, in bytes (the benchmark and docs report it). */
export function assetBytes(assets: ReadonlyMap<string, Asset>): { js: number; css: number } {
  let js = 0;
  let css = 0;
  for (const [name, asset] of assets) {
    if (name.endsWith('.js')) js += asset.body.length;
    if (name.endsWith('.css')) css += asset.body.length;
  }
  return { js, css };
}
