import type { RequestListener } from 'node:http';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** createApp of a service: the blocking original returns the app, a migrated copy may return a promise of it. */
export type AppFactory<Config> = (config: Config) => RequestListener | Promise<RequestListener>;

export interface ServiceVariant<Config> {
  label: string;
  available: boolean;
  load: () => Promise<AppFactory<Config>>;
}

/**
 * fixtures/services/<name>/app.ts (the blocking original) and fixtures/migrated/<name>/app.ts
 * (the codemods' output, present once they have run). The paths are built at run time so that
 * the project's own type-check does not pull the fixtures in.
 */
export function serviceVariants<Config>(name: string): Array<ServiceVariant<Config>> {
  return (['services', 'migrated'] as const).map((tree) => {
    const file = fileURLToPath(new URL(`../../fixtures/${tree}/${name}/app.ts`, import.meta.url));
    return {
      label: tree === 'services' ? 'original' : 'migrated',
      available: existsSync(file),
      load: async () => ((await import(file)) as { createApp: AppFactory<Config> }).createApp,
    };
  });
}
