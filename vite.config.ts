// The console (web/) builds into dist/web, which the Worker serves as static assets. Hashed file
// names under /assets/ are cached for a year (web/public/_headers); index.html is revalidated.
import { defineConfig } from "vite";

export default defineConfig({
  root: "web",
  publicDir: "public",
  build: {
    outDir: "../dist/web",
    emptyOutDir: true,
    target: "es2022",
    // The YAML editor (CodeMirror) is its own chunk, loaded when an editor first opens.
    chunkSizeWarningLimit: 600,
  },
  server: {
    // `npx vite` next to `npm start`: the console with hot reload, the API from wrangler dev.
    proxy: {
      "/clusters": { target: "https://127.0.0.1:8787", secure: false, ws: true },
      "/v1": { target: "https://127.0.0.1:8787", secure: false, ws: true },
    },
  },
});
