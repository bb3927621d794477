#!/usr/bin/env node
// Thin entry point: the compiled CLI lives in dist/ (built by `npm ci` through the `prepare` script).
import { main } from '../dist/cli/main.js';

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`csm: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
