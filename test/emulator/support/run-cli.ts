// Runs the csm CLI from source (no build needed), for tests that spawn the real process.
import { main } from '../../../src/cli/main.js';

process.exitCode = await main(process.argv);
