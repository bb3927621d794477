/** The offline Amazon: LWA and SP-API on one loopback URL (docs/emulator.md). */
export { buildEmulator, type EmulatorApp } from './build-emulator.js';
export type { EmulatorCredentials } from './credentials.js';
export { type FaultRules, type FaultSettings, FaultSpecError, parseFaultSpec } from './faults.js';
export { exposureWarning } from './loopback.js';
export {
  DEFAULT_EMULATOR_OPTIONS,
  EmulatorOptionError,
  type EmulatorOptions,
  resolveEmulatorOptions,
} from './options.js';
export { ROLES, type Role } from './roles.js';
export { type RunningEmulator, startEmulator } from './start-emulator.js';
