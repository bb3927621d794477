import { findOperation } from '../amazon/index.js';
import type { Prng } from './prng.js';

/** One set of fault settings; every probability is in [0, 1]. */
export interface FaultSettings {
  '429'?: number;
  '500'?: number;
  '503'?: number;
  /** Half of these answer 500, half 503. */
  '5xx'?: number;
  /** Socket destroyed without a response. */
  drop?: number;
  /**
   * The operation runs (its effect lands, e.g. a confirmed shipment), then the socket is destroyed without
   * the answer: a response lost on the way back, which a client must reconcile before resending.
   */
  'drop-after'?: number;
  /** 200 with a truncated JSON body. */
  malformed?: number;
  /** A request carrying NextToken/paginationToken gets 400 "token expired". */
  'expired-token'?: number;
  /** Added latency in ms, uniformly drawn from [min, max]. */
  latency?: { min: number; max: number };
}

/** A parsed SPEC: settings for every operation, and per-operation settings that override them kind by kind. */
export interface FaultRules {
  global: FaultSettings;
  operations: Record<string, FaultSettings>;
}

type FaultKind = Exclude<keyof FaultSettings, 'latency'>;

const PROBABILITY_KINDS: readonly FaultKind[] = [
  '429',
  '500',
  '503',
  '5xx',
  'drop',
  'drop-after',
  'malformed',
  'expired-token',
];

/** The SPEC's key for Login with Amazon's token endpoint (`POST /auth/o2/token`), beside operation keys. */
const LWA_FAULT_KEY = 'lwa';

/** What LWA can do wrong: be slow, fail (500 `server_error`, 503 `temporarily_unavailable`), drop. */
const LWA_KINDS: readonly string[] = ['500', '503', '5xx', 'drop', 'latency'];

/** The longest latency a fault may add: ten minutes, far beyond any client timeout worth testing. */
const MAX_LATENCY_MS = 600_000;

/** Thrown for a bad SPEC; the message names the bad part. */
export class FaultSpecError extends Error {
  override name = 'FaultSpecError';
}

// A probability is written in decimal: 0, 1, 0.25, .5 (no hex, exponent, sign or words).
const PROBABILITY = /^(?:\d+(?:\.\d+)?|\.\d+)$/;
const LATENCY = /^(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))?$/;

/**
 * Parses `SPEC := rule (';' rule)*`, `rule := [key ':'] setting (',' setting)*`,
 * `setting := kind '=' P | 'latency=' MS | 'latency=' MIN '-' MAX`. An empty SPEC means no faults. Strict,
 * so a typo never silently turns a fault off: no empty rule or setting, each kind once per key (a global
 * rule is one key), probabilities in decimal within [0, 1], latencies up to MAX_LATENCY_MS.
 */
export function parseFaultSpec(spec: string): FaultRules {
  const rules: FaultRules = { global: {}, operations: {} };
  if (spec.trim() === '') return rules;
  // For each key, the rule that set each kind, to name both when a kind comes twice.
  const setBy = new Map<string, Map<string, string>>();
  spec.split(';').forEach((rawRule, index) => {
    const rule = rawRule.trim();
    if (rule === '') {
      throw new FaultSpecError(`rule ${index + 1} of the fault SPEC is empty (a ';' too many?)`);
    }
    // The key is whatever precedes the first ':'; settings never contain ':'.
    const colon = rule.indexOf(':');
    const key = colon >= 0 ? rule.slice(0, colon).trim() : '';
    const body = colon >= 0 ? rule.slice(colon + 1) : rule;
    let target = rules.global;
    if (colon >= 0) {
      if (key !== LWA_FAULT_KEY && !findOperation(key)) {
        throw new FaultSpecError(
          `unknown operation '${key}' in fault rule '${rule}' (use an operation key such as searchOrders or getOrder@2026-01-01, or lwa)`,
        );
      }
      rules.operations[key] ??= {};
      target = rules.operations[key];
    }
    if (body.trim() === '') {
      throw new FaultSpecError(
        `fault rule '${rule}' has no settings (e.g. '${key || 'searchOrders'}:429=0.1')`,
      );
    }
    const kinds = setBy.get(key) ?? new Map<string, string>();
    setBy.set(key, kinds);
    for (const rawSetting of body.split(',')) {
      const setting = rawSetting.trim();
      if (setting === '') throw new FaultSpecError(`empty setting in fault rule '${rule}' (a ',' too many?)`);
      const kind = applySetting(target, setting);
      if (key === LWA_FAULT_KEY) checkLwaKind(kind, setting);
      const earlier = kinds.get(kind);
      if (earlier !== undefined) {
        throw new FaultSpecError(
          earlier === rule
            ? `fault kind '${kind}' appears twice in rule '${rule}'`
            : `fault kind '${kind}' is set twice for ${key || 'every operation'}: in '${earlier}' and in '${rule}'`,
        );
      }
      kinds.set(kind, rule);
    }
  });
  return rules;
}

/** Applies one `kind=value` setting and returns its kind. */
function applySetting(target: FaultSettings, setting: string): string {
  const eq = setting.indexOf('=');
  if (eq < 0) throw new FaultSpecError(`fault setting '${setting}' needs the form kind=value (e.g. 429=0.1)`);
  const kind = setting.slice(0, eq).trim();
  const value = setting.slice(eq + 1).trim();
  if (kind === 'latency') {
    const match = LATENCY.exec(value);
    if (!match)
      throw new FaultSpecError(`fault setting '${setting}': latency must be MS or MIN-MAX in milliseconds`);
    const min = Number(match[1]);
    const max = match[2] === undefined ? min : Number(match[2]);
    if (max < min) throw new FaultSpecError(`fault setting '${setting}': latency MIN must not exceed MAX`);
    if (max > MAX_LATENCY_MS) {
      throw new FaultSpecError(
        `fault setting '${setting}': latency must be at most ${MAX_LATENCY_MS} ms (10 minutes)`,
      );
    }
    target.latency = { min, max };
    return kind;
  }
  if (!(PROBABILITY_KINDS as readonly string[]).includes(kind)) {
    throw new FaultSpecError(
      `unknown fault kind '${kind}' in '${setting}' (kinds: ${PROBABILITY_KINDS.join(', ')}, latency)`,
    );
  }
  const p = Number(value);
  if (!PROBABILITY.test(value) || p > 1) {
    throw new FaultSpecError(
      `fault setting '${setting}': the probability must be a decimal number between 0 and 1 (e.g. 0.1)`,
    );
  }
  target[kind as FaultKind] = p;
  return kind;
}

function checkLwaKind(kind: string, setting: string): void {
  if (!LWA_KINDS.includes(kind)) {
    throw new FaultSpecError(
      `fault kind '${kind}' in '${setting}' does not apply to lwa (lwa kinds: ${LWA_KINDS.join(', ')})`,
    );
  }
}

/**
 * The settings for LWA's token endpoint: only its own `lwa:` rule, never the global settings, which are
 * meant for SP-API operations.
 */
export function lwaFaults(rules: FaultRules): FaultSettings {
  return rules.operations[LWA_FAULT_KEY] ?? {};
}

/** The settings that apply to one operation: the global ones, overridden kind by kind by the operation's. */
export function effectiveFaults(rules: FaultRules, opKey: string): FaultSettings {
  const own = rules.operations[opKey];
  return own ? { ...rules.global, ...own } : rules.global;
}

/** What the dice decided for one request, in the order the pipeline applies it. */
interface FaultDecision {
  latencyMs: number;
  /** Answer instead of the operation (before auth): a status, or a dropped connection. */
  early: 'drop' | 429 | 500 | 503 | 'expired-token' | null;
  /** Truncate the success body. */
  malformed: boolean;
  /** Run the operation, then drop the connection instead of answering. */
  dropAfter: boolean;
}

const NONE: FaultDecision = { latencyMs: 0, early: null, malformed: false, dropAfter: false };

/**
 * Rolls the dice for one request. Only kinds that are set draw from the PRNG, so a run with the same seed,
 * SPEC and request sequence gets the same faults.
 */
export function rollFaults(settings: FaultSettings, prng: Prng, hasPaginationToken: boolean): FaultDecision {
  if (Object.keys(settings).length === 0) return NONE;
  const roll = (p: number | undefined): boolean => p !== undefined && prng.chance(p);
  const latency = settings.latency;
  const latencyMs = latency ? latency.min + prng.next() * (latency.max - latency.min) : 0;
  let early: FaultDecision['early'] = null;
  if (roll(settings.drop)) early = 'drop';
  else if (roll(settings['429'])) early = 429;
  else if (roll(settings['500'])) early = 500;
  else if (roll(settings['503'])) early = 503;
  else if (roll(settings['5xx'])) early = prng.chance(0.5) ? 500 : 503;
  else if (hasPaginationToken && roll(settings['expired-token'])) early = 'expired-token';
  const malformed = early === null && roll(settings.malformed);
  const dropAfter = early === null && !malformed && roll(settings['drop-after']);
  return { latencyMs, early, malformed, dropAfter };
}
