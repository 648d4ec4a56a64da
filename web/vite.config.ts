// The web UI is served by the broker under /ui (broker/src/http/routes/web-ui.ts), so every asset URL
// starts with /ui/. In development, `vite` proxies the GraphQL API to a broker on :9292.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webDir = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: webDir,
  base: '/ui/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    proxy: { '/graphql': process.env.TREATY_URL ?? 'http://localhost:9292' },
  },
});
