import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The web app lives in apps/web and is served by the Zhengban server from
 * apps/web/dist. In development `npm run dev:web` proxies /api to a server
 * on port 8080, so cookies and CSRF behave as in production (same origin).
 */
export default defineConfig(({ command }) => ({
  root: webRoot,
  base: '/',
  plugins: [react()],
  // A build is always a production build, even when the caller's environment
  // says NODE_ENV=test (vitest does): otherwise React ships its dev build.
  define: command === 'build' ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {},
  build: {
    outDir: `${webRoot}dist`,
    emptyOutDir: true,
    // antd alone is ~1 MB minified; pages are split with React.lazy instead.
    chunkSizeWarningLimit: 2000,
  },
  server: {
    // packages/contracts sits outside the web root.
    fs: { allow: [repoRoot] },
    proxy: { '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false } },
  },
}));
