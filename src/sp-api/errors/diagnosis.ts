/** What went wrong, in words a person can act on. */
export interface Diagnosis {
  /** The likely cause (or causes, most likely first). */
  cause: string;
  /** What to do about it. */
  fix: string;
}
