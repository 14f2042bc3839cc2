import { describe, expect, it } from '@jest/globals';
import { MODULE_METADATA } from '@nestjs/common/constants.js';
import { getRepositoryToken, TypeOrmModule } from '@nestjs/typeorm';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { entities } from './database/entities.js';

const src = dirname(fileURLToPath(import.meta.url));

/** Every Nest module class of the app, by the file it is declared in. */
async function appModules(): Promise<Array<{ file: string; module: object }>> {
  const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.module.ts'));
  const found: Array<{ file: string; module: object }> = [];
  for (const file of files) {
    const exported = (await import(join(src, file))) as Record<string, unknown>;
    for (const value of Object.values(exported)) {
      if (typeof value === 'function' && Reflect.hasMetadata(MODULE_METADATA.EXPORTS, value))
        found.push({ file, module: value });
    }
  }
  return found;
}

/**
 * Module boundaries (docs/architecture.md): a module's tables are its own, so no module hands its
 * repositories (or TypeOrmModule, which carries them) to the modules that import it. The lint rule
 * in eslint.config.js keeps other modules from importing its entities; this keeps them from being
 * injected its repositories.
 */
describe('module exports', () => {
  it('never include TypeOrmModule or a repository', async () => {
    const repositoryTokens = new Set<unknown>(entities.map((entity) => getRepositoryToken(entity)));
    const modules = await appModules();
    expect(modules.map((m) => m.file)).toEqual(expect.arrayContaining(['identity/identity.module.ts']));
    const offending = modules.flatMap(({ file, module }) =>
      ((Reflect.getMetadata(MODULE_METADATA.EXPORTS, module) ?? []) as unknown[])
        .filter(
          (token) =>
            token === TypeOrmModule ||
            (typeof token === 'object' && token !== null && (token as { module?: unknown }).module === TypeOrmModule) ||
            repositoryTokens.has(token),
        )
        .map((token) => `${file}: ${typeof token === 'function' ? token.name : String(token)}`),
    );
    expect(offending).toEqual([]);
  });
});
