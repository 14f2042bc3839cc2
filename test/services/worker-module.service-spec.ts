import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ModulesContainer } from '@nestjs/core';
import { Test, type TestingModule } from '@nestjs/testing';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { AppLogger } from '../../src/common/logging/app-logger.js';
import { emptyTally } from '../../src/reminders/delivery-recorder.js';
import { DeliveryWorker } from '../../src/reminders/delivery-worker.service.js';
import { WorkerModule } from '../../src/worker.module.js';
import { LogCapture } from '../support/log-capture.js';
import { createEmptyDatabase } from '../support/test-database.js';
import { testEnvironment } from '../support/test-env.js';

/** What `import`s a compiled file keeps at run time: type-only ones are gone, dynamic import() is not counted. */
function runtimeImports(file: string): string[] {
  const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
    compilerOptions: {
      module: ts.ModuleKind.ES2022,
      target: ts.ScriptTarget.ES2022,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      isolatedModules: true,
    },
    fileName: file,
  });
  return [...outputText.matchAll(/^(?:import|export)\s[^;]*?\bfrom\s+'([^']+)'|^import\s+'([^']+)'/gm)].map(
    (m) => (m[1] ?? m[2]) as string,
  );
}

/** Every source file the entry point loads at start, and every package they import by name. */
function startupGraph(entry: string): { files: string[]; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const spec of runtimeImports(file)) {
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else if (!spec.startsWith('node:'))
        packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  };
  visit(resolve(entry));
  return { files: [...files].map((f) => relative(resolve('.'), f)), packages };
}

/**
 * The worker process boots only what sending needs: no HTTP module, controller or Swagger, whose
 * imports were most of what its start cost beyond Nest and TypeORM themselves.
 */
describe('The worker process (WorkerModule) boots without the HTTP side', () => {
  let moduleRef: TestingModule;
  // A database of its own: on MySQL the run's shared one holds other files' due deliveries.
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;

  beforeAll(async () => {
    const logs = new LogCapture();
    database = await createEmptyDatabase();
    moduleRef = await Test.createTestingModule({
      imports: [WorkerModule.forRoot({ env: testEnvironment(database.url), logDestination: logs.stream })],
    }).compile();
    moduleRef.useLogger(moduleRef.get(AppLogger));
    await moduleRef.init();
  });

  afterAll(async () => {
    await moduleRef?.close();
    await database?.drop();
  });

  it('registers no controller, and none of the HTTP modules', () => {
    const modules = [...moduleRef.get(ModulesContainer).values()];
    expect(modules.flatMap((m) => [...m.controllers.keys()].map((c) => `${m.name}: ${String(c)}`))).toEqual([]);
    const names = modules.map((m) => m.name);
    for (const http of ['IdentityModule', 'CaseEventsModule', 'MessagingModule', 'RemindersModule', 'ZoomModule'])
      expect(names).not.toContain(http);
    expect(names).toContain('RemindersWorkerModule');
  });

  it('sends what is due (nothing here) with what it booted', async () => {
    await expect(moduleRef.get(DeliveryWorker).runOnce()).resolves.toEqual(emptyTally());
  });

  it('loads no controller, DTO or Swagger at start: src/worker.ts imports none, however indirectly', () => {
    const { files, packages } = startupGraph(join('src', 'worker.ts'));
    expect(files).toContain(join('src', 'reminders', 'delivery-worker.service.ts'));
    const http =
      /\.controller\.ts$|[/\\]dto[/\\]|[/\\](app|identity|case-events|messaging|reminders|zoom)\.module\.ts$/;
    expect(files.filter((f) => http.test(f))).toEqual([]);
    for (const heavy of [
      '@nestjs/swagger',
      '@nestjs/platform-express',
      '@nestjs/schedule',
      '@nestjs/passport',
      'ical-generator',
    ])
      expect([...packages]).not.toContain(heavy);
  });
});
