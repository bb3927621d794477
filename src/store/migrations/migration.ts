/**
 * A forward-only schema change. Its statements run in order in one transaction, the same SQL on PGlite
 * (PostgreSQL 18) and PostgreSQL (15 and later): keep to what both support.
 */
export interface Migration {
  /** Sortable and never reused: `NNNN_what_it_does`. */
  readonly id: string;
  readonly statements: readonly string[];
}
