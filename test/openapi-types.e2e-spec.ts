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

type DocumentedResponse = { content?: Record<string, { schema?: unknown }>; headers?: Record<string, unknown> };
type DocumentedPaths = Record<string, Record<string, { responses?: Record<string, DocumentedResponse> }>>;
const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
const ERROR_BODY = '#/components/schemas/ErrorBodyDto';
/** Answers that have no body: their description (and headers) say it all. */
const BODILESS = new Set(['204', '302', '304']);
/** Operations whose refusals are not a 4xx, and what they answer instead ('none': no error answer at all). */
const ERROR_EXCEPTIONS: Record<string, string> = {
  'GET /health': '503', // database_unavailable
  'GET /api/v1/integrations/zoom/callback': 'none', // every outcome, failures too, is the 302 back to the Integrations page
};

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

  it("describes every operation's success and error answers with schemas (issue 12)", () => {
    const paths = (JSON.parse(documentJson) as { paths: DocumentedPaths }).paths;
    const errorBody = (r: DocumentedResponse | undefined) =>
      (r?.content?.['application/json']?.schema as { $ref?: string } | undefined)?.$ref === ERROR_BODY;
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const [path, item] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(item).filter(([m]) => METHODS.has(m))) {
        const name = `${method.toUpperCase()} ${path}`;
        seen.add(name);
        const responses = Object.entries(operation.responses ?? {});
        const described = responses.filter(
          ([status, r]) =>
            /^[23]\d\d$/.test(status) &&
            (BODILESS.has(status) || Object.values(r.content ?? {}).some((c) => c.schema !== undefined)),
        );
        if (!described.length) problems.push(`${name}: no 2xx/3xx answer with a schema (204, 302 and 304 need none)`);
        if (operation.responses?.['302'] && !operation.responses['302'].headers?.Location)
          problems.push(`${name}: its 302 does not name its Location header`);
        for (const [status, r] of responses) {
          if (/^[45]\d\d$/.test(status) && !errorBody(r)) problems.push(`${name}: its ${status} is not the error body`);
        }
        const exception = ERROR_EXCEPTIONS[name];
        if (exception === 'none') continue;
        const refusals = responses.filter(
          ([status, r]) => (/^4\d\d$/.test(status) || status === exception) && errorBody(r),
        );
        if (!refusals.length) problems.push(`${name}: no 4xx answer with the error body (ApiErrors(...))`);
      }
    }
    for (const name of Object.keys(ERROR_EXCEPTIONS))
      if (!seen.has(name)) problems.push(`${name}: excepted above, but no longer in the document`);
    expect(problems).toEqual([]);
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
