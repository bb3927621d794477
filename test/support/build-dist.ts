import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * vitest global setup: tests that spawn the real `csm` bin (plain `node bin/csm.js`) need dist/ to match
 * src/. `npm ci` builds it through `prepare`; this rebuilds once only when src/ changed since.
 */
export default function setup(): void {
  buildDashboard();
  let built = 0;
  try {
    built = statSync(path.join(root, 'dist/cli/main.js')).mtimeMs;
  } catch {
    built = 0;
  }
  if (built >= newestMtime(path.join(root, 'src'))) return;
  try {
    execFileSync(
      process.execPath,
      [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
      {
        cwd: root,
        stdio: ['ignore', 'ignore', 'ignore'],
      },
    );
  } catch {
    // tsc still emits on type errors; the typecheck step reports them, and spawn tests fail on their own.
    process.stderr.write('build-dist: tsc reported errors; dist/ may be incomplete\n');
  }
}

/** The dashboard's browser code (`npm run build:dashboard`), when src/http/dashboard/app changed since. */
function buildDashboard(): void {
  const app = path.join(root, 'src/http/dashboard/app');
  let built = 0;
  try {
    built = statSync(path.join(root, 'dist/dashboard/main.js')).mtimeMs;
  } catch {
    built = 0;
  }
  if (built >= newestMtime(app)) return;
  try {
    execFileSync(
      process.execPath,
      [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.dashboard.json'],
      { cwd: root, stdio: ['ignore', 'ignore', 'ignore'] },
    );
  } catch {
    process.stderr.write(
      'build-dist: tsc reported errors in the dashboard; dist/dashboard may be incomplete\n',
    );
  }
  mkdirSync(path.join(root, 'dist/dashboard'), { recursive: true });
  copyFileSync(path.join(app, 'app.css'), path.join(root, 'dist/dashboard/app.css'));
}
