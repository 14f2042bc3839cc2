import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The staff app and the client portal: one bundle, served by the Nest server from web/dist. */
export default defineConfig(({ command }) => ({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  // A build (npm ci builds) says only what needs attention, not every file it wrote; the dev server keeps its banner.
  logLevel: command === 'build' ? 'warn' : 'info',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    chunkSizeWarningLimit: 900,
    rollupOptions: {
      // The component library marks its modules "use client" for React Server Components; a browser bundle has no use for it.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  // During development the API is the Nest server on :3000.
  server: { proxy: { '/api': 'http://localhost:3000', '/calendar': 'http://localhost:3000' } },
}));
