import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * Package versions as the target project sees them: the installed one (resolved from the project's
 * folder, as Node.js would), else the lowest version its package.json range allows.
 */
export class PackageVersions {
  readonly #cache = new Map<string, string | undefined>();

  constructor(private readonly root: string) {}

  version(name: string): string | undefined {
    if (!this.#cache.has(name)) this.#cache.set(name, this.#installed(name) ?? this.#declared(name));
    return this.#cache.get(name);
  }

  /**
   * Whether a requirement such as `glob@>=9` holds: undefined when it does, else what to tell a person
   * (`marker`: stable text for the code, `detail`: the version found). Only `>=` requirements are used.
   */
  unmet(requirement: string): { marker: string; detail: string } | undefined {
    const m = /^(@?[^@]+)@>=\s*(\d+(?:\.\d+){0,2})$/.exec(requirement);
    if (m === null) return { marker: `the async form needs ${requirement}`, detail: 'an unsupported requirement' };
    const [, name, minimum] = m as unknown as [string, string, string];
    const version = this.version(name);
    if (version !== undefined && compareVersions(version, minimum) >= 0) return undefined;
    return {
      marker: `the async form needs ${requirement}: upgrade ${name} first`,
      detail: version === undefined ? `no version of ${name} found` : `the project has ${name}@${version}`,
    };
  }

  #installed(name: string): string | undefined {
    try {
      const require = createRequire(join(this.root, 'package.json'));
      const manifest = JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version?: unknown };
      return typeof manifest.version === 'string' ? manifest.version : undefined;
    } catch {
      return undefined;
    }
  }

  #declared(name: string): string | undefined {
    try {
      const manifest = JSON.parse(readFileSync(join(this.root, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
      const range = manifest.dependencies?.[name] ?? manifest.devDependencies?.[name] ?? manifest.peerDependencies?.[name];
      return range === undefined ? undefined : /(\d+(?:\.\d+){0,2})/.exec(range)?.[1];
    } catch {
      return undefined;
    }
  }
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).slice(0, 3).map((p) => Number.parseInt(p, 10) || 0);
  const pb = b.split(/[.+-]/).slice(0, 3).map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
