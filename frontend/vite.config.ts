import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The host (samples/VoiceContacts.Host) serves frontend/dist in production. In development,
// `npm run dev` proxies the call socket and the API to it; VOICECONTACTS_HOST overrides the address.
const host = process.env.VOICECONTACTS_HOST ?? 'http://localhost:5000';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // Two pages: the call app (index.html) and the operator's console (admin.html, served at /admin).
    rollupOptions: {
      input: {
        main: new URL('./index.html', import.meta.url).pathname,
        admin: new URL('./admin.html', import.meta.url).pathname,
      },
    },
  },
  worker: {
    // AudioWorklet modules are loaded with addModule(), which takes ES modules.
    format: 'es',
  },
  server: {
    proxy: {
      '/ws': { target: host, ws: true, changeOrigin: true },
      '/api': { target: host, changeOrigin: true },
      '/healthz': { target: host, changeOrigin: true },
    },
  },
  test: {
    // Unit tests only: the browser end-to-end suite has its own config (e2e/vitest.config.ts).
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    exclude: ['e2e/**', 'node_modules/**', 'dist/**'],
    environment: 'node',
  },
});
