import path from 'node:path';
import { defineConfig } from 'vite';

const here = import.meta.dirname;

/** The pages: built into web/dist and served by the API (api/web.ts). JSX by Vite's own transform (no plugin). */
export default defineConfig({
  root: here,
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: path.join(here, 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      // Libraries' "use client" directives mean nothing in a single-page app.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
      output: {
        // One chunk per big library, so a change of the pages leaves the libraries' files cached.
        codeSplitting: {
          groups: [
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+)[\\/]/ },
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/ },
          ],
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://localhost:3000', '/openapi.json': 'http://localhost:3000', '/docs': 'http://localhost:3000' } },
});
