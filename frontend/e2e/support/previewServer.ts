// Serves the production build (frontend/dist) with `vite preview`, proxying /ws to a given host.
import { preview, type PreviewServer } from 'vite';
import { FRONTEND_DIR } from './host';
import { freePort } from './ports';

export async function startPreview(wsTarget: string): Promise<{ url: string; close: () => Promise<void> }> {
  const port = await freePort();
  const server: PreviewServer = await preview({
    root: FRONTEND_DIR,
    configFile: false,
    logLevel: 'warn',
    preview: {
      host: '127.0.0.1',
      port,
      strictPort: true,
      proxy: { '/ws': { target: wsTarget, ws: true } },
    },
  });
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}
