/** A control request the emulator refuses; the control plugin answers `{ "error": message }` with `status`. */
export class ControlError extends Error {
  override name = 'ControlError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
