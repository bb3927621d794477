// `csm` from the sources (through tsx), for the sync benchmark's child processes: the emulator, and
// `csm orders list` timed as a whole process.
import { runProcess } from '../src/cli/run-process.js';

await runProcess();
