import { ALL_OPERATIONS } from '../amazon/index.js';
import { readStaticEntries, type StaticEntry } from './static-sandbox/entries.js';
import { bestMatch } from './static-sandbox/match.js';

/** A request as the server hands it over: path parameters, raw query strings (arrays comma-separated), parsed JSON body. */
export interface StaticRequest {
  pathParams: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
}

/** Answers like Amazon's static sandbox, from the `x-amzn-api-sandbox.static` entries of the models. */
interface StaticSandbox {
  /** `body` is `undefined` for a 204. */
  respond(opKey: string, req: StaticRequest): { status: number; body: unknown };
}

/** What Amazon's sandbox answers when no entry matches a request, to the byte (`details` is there, empty). */
const NO_MATCH = {
  errors: [{ code: 'InvalidInput', message: 'Could not match input arguments', details: '' }],
};

/**
 * The package's own copy of the models (`models/sp-api/`); resolves from both src/emulator and
 * dist/emulator, so the installed package stands alone.
 */
const MODELS_DIR = new URL('../../models/sp-api/', import.meta.url);

let cached: StaticSandbox | undefined;

/** Loads every operation's static entries once (synchronously, at first call) and caches the sandbox. */
export function loadStaticSandbox(): StaticSandbox {
  cached ??= createStaticSandbox(MODELS_DIR);
  return cached;
}

function createStaticSandbox(modelsDir: URL): StaticSandbox {
  const entries = new Map<string, readonly StaticEntry[]>();
  for (const op of ALL_OPERATIONS) entries.set(op.key, readStaticEntries(modelsDir, op));
  return {
    respond(opKey, req) {
      const opEntries = entries.get(opKey);
      if (!opEntries) {
        const message = `Operation '${opKey}' is not served by the static sandbox.`;
        return { status: 404, body: { errors: [{ code: 'NotFound', message, details: '' }] } };
      }
      const entry = bestMatch(opEntries, req);
      if (!entry) return { status: 400, body: structuredClone(NO_MATCH) };
      // Copies, so a caller that decorates a body cannot change what the next request gets.
      const body = entry.status === 204 ? undefined : structuredClone(entry.response);
      return { status: entry.status, body };
    },
  };
}
