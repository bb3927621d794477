import { readFileSync } from 'node:fs';
import { platform, release } from 'node:os';
import { MAX_USER_AGENT_LENGTH } from '../amazon/limits.js';

// The package version, read once; the same relative path works from src/ (tests) and dist/ (build).
const packageVersion = ((): string => {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: unknown;
    };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
})();

// Amazon's grammar escapes these characters inside attribute values.
const escapeValue = (value: string): string => value.replace(/[\\/()=;]/g, (c) => `\\${c}`);

/**
 * The `user-agent` Amazon asks for: `AppName/Version (Language=Name/Version; Platform=...)`, e.g.
 * `channel-sales-manager/0.1.0 (Language=TypeScript/Node.js 20.20.2; Platform=linux 6.8.0)`.
 */
export function defaultUserAgent(): string {
  const language = `TypeScript/Node.js ${process.versions.node}`;
  const os = `${platform()} ${release()}`;
  return `channel-sales-manager/${packageVersion} (Language=${language}; Platform=${escapeValue(os)})`;
}

/** Cuts a user-agent to Amazon's 500-character limit. */
export function limitUserAgent(userAgent: string): string {
  return userAgent.length <= MAX_USER_AGENT_LENGTH ? userAgent : userAgent.slice(0, MAX_USER_AGENT_LENGTH);
}
