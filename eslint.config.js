import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

/**
 * Module boundaries (docs/architecture.md, "Modules"): a module reads another module's data through
 * that module's exported services, never its entities or repositories. For every file of every
 * module, an import that leaves the module (counted from the file's own folder, so `../entities/…`
 * inside identity/auth stays in) and names a `*.entity.js` or `*.repository.js` is an error. The
 * DataSource's entity list (src/database/entities.ts), migrations/, test/ and bench/ are exempt.
 */
const MODULES = [
  'identity',
  'integrations/zoom',
  'case-events',
  'calendar-feed',
  'messaging',
  'reminders',
  'portal',
  'team',
  'maintenance',
  'common',
  'database',
  'config',
  'web',
  'health',
];
/** How deep below its module's folder a file may sit and still be checked. */
const MAX_FOLDER_DEPTH = 5;
const ENTITY_OR_REPOSITORY = String.raw`(?!\.\./)(?:.+/)?[^/]+\.(?:entity|repository)\.js$`;
const BOUNDARY_MESSAGE =
  "A module never imports another module's entities or repositories: read through that module's exported service, " +
  'and move a type it shares to a non-entity file of its own (docs/architecture.md, "Modules").';
const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One block per module and folder depth: the `../` count that leaves the module differs with both. */
function moduleBoundaries() {
  const blocks = [];
  for (const module of MODULES) {
    const segments = module.split('/');
    for (let depth = 0; depth <= MAX_FOLDER_DEPTH; depth++) {
      const toSrc = segments.length + depth;
      // j `../` (more than the file's depth in the module) land in a folder of the module's path or in src/;
      // the import stays in only if what follows goes back down into the module.
      const leaving = [];
      for (let j = depth + 1; j <= toSrc; j++) {
        const back = segments.slice(segments.length - (j - depth)).join('/');
        leaving.push(String.raw`(?:\.\./){${j}}(?!\.\./)(?!${escapeRegex(back)}/)`);
      }
      leaving.push(String.raw`(?:\.\./){${toSrc + 1},}`);
      blocks.push({
        files: [`src/${module}/${'*/'.repeat(depth)}*.ts`],
        ignores: ['src/database/entities.ts'],
        rules: {
          'no-restricted-imports': [
            'error',
            { patterns: [{ regex: `^(?:${leaving.join('|')})${ENTITY_OR_REPOSITORY}`, message: BOUNDARY_MESSAGE }] },
          ],
        },
      });
    }
  }
  // The entry points (main, worker, cli, app.module) wire modules together and use their services, never their entities.
  blocks.push({
    files: ['src/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: String.raw`^(?:\./|(?:\.\./)+)${ENTITY_OR_REPOSITORY}`, message: BOUNDARY_MESSAGE }] },
      ],
    },
  });
  return blocks;
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'web/dist/**',
      'node_modules/**',
      'coverage/**',
      'data/**',
      '.test-build/**',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        Buffer: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        URLSearchParams: 'readonly',
        fetch: 'readonly',
        AbortSignal: 'readonly',
        AbortController: 'readonly',
        Response: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/explicit-module-boundary-types': 'off',
      'no-console': 'error',
    },
  },
  { files: ['test/**', 'bench/**'], rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' } },
  { files: ['web/src/**'], languageOptions: { globals: globals.browser } },
  {
    // Imports flow one way, shared -> features -> app: a feature never imports another feature (style.md, rule 13).
    files: ['web/src/features/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(auth|cases|clients|events|integrations|messaging|portal|profile|team)/',
              message:
                'A feature never imports another feature: move what both need to web/src/components or web/src/api.',
            },
            { regex: '^(\\.\\./)+app/', message: 'Features do not import the app shell.' },
          ],
        },
      ],
    },
  },
  {
    // Settings are read through AppConfig's getters (src/config/app-config.ts), validated once at boot:
    // nothing else reads process.env or @nestjs/config (issue 14). Entry points may read process.argv.
    files: ['src/**/*.ts'],
    ignores: ['src/config/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read settings through an AppConfig getter (src/config/app-config.ts), not process.env.',
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='@nestjs/config']",
          message: 'Read settings through AppConfig (AppConfig.fromEnvironment in a spec), not @nestjs/config.',
        },
      ],
    },
  },
  ...moduleBoundaries(),
);
