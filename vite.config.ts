import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// Two pages, built once into dist/: the phone page and the presenter deck.
// The server serves dist/audience/index.html at / and /j/:code, dist/presenter/index.html at /present.
export default defineConfig({
  root: import.meta.dirname,
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    rollupOptions: {
      input: {
        audience: resolve(import.meta.dirname, 'audience/index.html'),
        presenter: resolve(import.meta.dirname, 'presenter/index.html'),
      },
    },
  },
});
