// Runs the csm CLI from source (no build needed), for tests that spawn the real process.
import { runProcess } from '../../../src/cli/run-process.js';

await runProcess();
