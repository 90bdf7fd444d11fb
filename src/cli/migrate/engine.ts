import { migrate, transforms } from '../../../codemods/index.js';
import type { MigrateOptions, MigrateResult } from '../../codemod/types.js';
import type { TransformInfo } from '../commands/migrate.js';

/** The migration engine and its transforms, seen from the CLI. */
export function runMigration(options: MigrateOptions): Promise<MigrateResult> {
  return migrate(options);
}

/** The transforms the engine knows, by name, with their one-line descriptions. */
export function availableTransforms(): TransformInfo[] {
  return transforms.map((t) => ({ name: t.name, description: t.description }));
}
