import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

/** `@import` of a stylesheet on another host (reveal.js themes import Google Fonts). */
const REMOTE_IMPORT = /@import\s+(?:url\(\s*)?["']?https?:\/\/[^;]*;/g;

/**
 * Parley runs offline on a LAN: no stylesheet may pull fonts from another host. The themes fall
 * back to the next font in their font-family lists. Dev (transform) and build (emitted assets).
 */
function noRemoteImports(): Plugin {
  const strip = (css: string): string => css.replace(REMOTE_IMPORT, '');
  return {
    name: 'parley:no-remote-css-imports',
    transform(code, id) {
      if (/\.css(?:$|\?)/.test(id) && REMOTE_IMPORT.test(code)) return { code: strip(code), map: null };
      return null;
    },
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type !== 'asset' || !file.fileName.endsWith('.css')) continue;
        const source = typeof file.source === 'string' ? file.source : new TextDecoder().decode(file.source);
        file.source = strip(source);
      }
    },
  };
}

// Three pages, built once into dist/: the phone page, the presenter deck and a deck's handout; and
// the phone page's service worker. The server serves dist/audience/index.html at / and /j/:code,
// dist/presenter/index.html at /present, dist/presenter/handout.html at /handout/:deck, dist/sw.js
// at /sw.js (a worker's scope is its own folder and below: it must be at the root).
export default defineConfig({
  root: import.meta.dirname,
  publicDir: false,
  plugins: [noRemoteImports()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    rollupOptions: {
      input: {
        audience: resolve(import.meta.dirname, 'audience/index.html'),
        presenter: resolve(import.meta.dirname, 'presenter/index.html'),
        handout: resolve(import.meta.dirname, 'presenter/handout.html'),
        sw: resolve(import.meta.dirname, 'audience/sw.ts'),
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
});
