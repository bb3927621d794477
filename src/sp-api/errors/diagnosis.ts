import type { DiagnosisCode } from './diagnosis-codes.js';

/** What went wrong, in words a person can act on, with a code a program can branch on. */
export interface Diagnosis {
  /** Stable identifier of the diagnosis (listed in docs/sp-api-client.md); never reworded. */
  code: DiagnosisCode;
  /** The likely cause (or causes, most likely first). */
  cause: string;
  /** What to do about it. */
  fix: string;
}
