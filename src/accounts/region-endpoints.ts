import { REGIONS, type Region } from '../amazon/index.js';
import type { RegionEndpoints } from './account.js';
import type { FormatProblem } from './credential-format.js';

const EXAMPLE = 'a base URL such as http://127.0.0.1:8080';

/**
 * Checks a base URL that replaces Amazon's hosts (`--endpoint`, one region of `CSM_REGION_ENDPOINTS`) and
 * returns it without a trailing slash, or the problem. Only scheme, host and port: a user name or password
 * would be sent to that host and shown in errors, a path would be glued in front of every SP-API path.
 */
export function parseBaseUrl(text: string, field: string): { url: string } | { problem: FormatProblem } {
  const problem = (what: string, fix: string) => ({ problem: { field, problem: `${field} ${what}`, fix } });
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return problem('is not a URL', `Pass ${EXAMPLE}.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return problem('is not an http(s) URL', `Pass ${EXAMPLE}.`);
  }
  if (url.username !== '' || url.password !== '') {
    return problem(
      'has a user name or password in it',
      'Remove them: csm authenticates with the LWA credentials and never sends credentials in a URL.',
    );
  }
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    return problem('has a path, query or fragment', `Pass only scheme, host and port, ${EXAMPLE}.`);
  }
  return { url: url.origin };
}

/**
 * Reads `CSM_REGION_ENDPOINTS`: `na=URL,eu=URL,fe=URL`, every region once. All three are required: a
 * seller's credentials go only to hosts that were configured, and the region check probes each region.
 */
export function parseRegionEndpoints(
  text: string,
  source = 'CSM_REGION_ENDPOINTS',
): { endpoints: RegionEndpoints } | { problem: FormatProblem } {
  const found: Partial<Record<Region, string>> = {};
  const fix = `Write it as na=URL,eu=URL,fe=URL, e.g. na=http://127.0.0.1:8701,eu=http://127.0.0.1:8702,fe=http://127.0.0.1:8703 (what \`csm emulator --regional-endpoints\` prints).`;
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    const name = part.slice(0, Math.max(eq, 0)).trim().toLowerCase();
    const region = REGIONS.find((r) => r === name);
    if (eq < 0 || !region) {
      return {
        problem: {
          field: source,
          problem: `${source} has '${part.trim().slice(0, 40)}', not REGION=URL`,
          fix,
        },
      };
    }
    if (found[region]) {
      return { problem: { field: source, problem: `${source} names region ${region} twice`, fix } };
    }
    const parsed = parseBaseUrl(part.slice(eq + 1), `${source} (${region})`);
    if ('problem' in parsed) return parsed;
    found[region] = parsed.url;
  }
  const missing = REGIONS.filter((r) => !found[r]);
  if (missing.length > 0) {
    return { problem: { field: source, problem: `${source} lacks region ${missing.join(', ')}`, fix } };
  }
  return { endpoints: found as RegionEndpoints };
}

/** The value `CSM_REGION_ENDPOINTS` takes for these endpoints. */
export function formatRegionEndpoints(endpoints: RegionEndpoints): string {
  return REGIONS.map((r) => `${r}=${endpoints[r]}`).join(',');
}
