#!/usr/bin/env node
// Thin entry point: the compiled CLI lives in dist/ (built by `npm ci` through the `prepare` script).
import { runProcess } from '../dist/cli/run-process.js';

await runProcess();
