import type { EmulatorState } from './emulator-state.js';

/** What each surface plugin (LWA, the gateway, the controls) is registered with. */
export interface SurfaceOptions {
  state: EmulatorState;
}
