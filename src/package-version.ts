import { readFileSync } from 'node:fs';

/**
 * The package's version from package.json, read once for the whole program (`csm --version`, the
 * user-agent). The relative path is the same from src/ (tests run the sources) and dist/ (the bin).
 */
export const PACKAGE_VERSION: string = ((): string => {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version?: unknown;
    };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
})();
