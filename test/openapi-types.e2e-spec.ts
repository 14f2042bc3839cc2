import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import openapiTS, { astToString, COMMENT_HEADER, type OpenAPI3 } from 'openapi-typescript';
import { buildOpenApiDocument } from '../src/app.setup.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const SCHEMA_FILE = 'web/src/api/schema.d.ts';
const CLI = 'node_modules/openapi-typescript/bin/cli.js';

/**
 * The web app's API types are generated from the server's OpenAPI document (`npm run api:types`);
 * this fails when a route or DTO changed and nobody regenerated them.
 */
describe('web/src/api/schema.d.ts matches the OpenAPI document', () => {
  let t: TestApp;
  let documentJson: string;
  let generated: string;
  const dir = mkdtempSync(join(tmpdir(), 'openapi-types-'));

  beforeAll(async () => {
    t = await createTestApp();
    // Written and read back exactly as `node dist/src/openapi.js dist/openapi.json` does.
    documentJson = `${JSON.stringify(buildOpenApiDocument(t.app), null, 2)}\n`;
    // What the CLI does with a file and no flags (bin/cli.js generateSchema): the header, then the AST printed.
    generated = `${COMMENT_HEADER}${astToString(await openapiTS(JSON.parse(documentJson) as OpenAPI3, {}))}`;
  });

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  it('generates what the openapi-typescript CLI generates (same options as npm run api:types)', async () => {
    const input = join(dir, 'openapi.json');
    writeFileSync(input, documentJson);
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, input], { maxBuffer: 64 * 1024 * 1024 });
    expect(generated).toBe(stdout);
  });

  it('is what is committed: run npm run api:types after changing a route or a DTO', () => {
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    if (committed !== generated) {
      const a = committed.split('\n');
      const b = generated.split('\n');
      const line = a.findIndex((l, i) => l !== b[i]);
      throw new Error(
        `${SCHEMA_FILE} differs from the server's OpenAPI document (first at line ${line + 1}: ` +
          `committed ${JSON.stringify(a[line])}, generated ${JSON.stringify(b[line])}): run npm run api:types`,
      );
    }
  });
});
