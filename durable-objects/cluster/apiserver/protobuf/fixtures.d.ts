// Test fixtures are imported as `…/fixture.bin?url&inline`: Vite turns that into a "data:…;base64,…" URL (`?url`
// because .bin is no known asset type, `&inline` for a data URL rather than a path). That works alike under plain
// vitest and inside workerd (@cloudflare/vitest-pool-workers), where the host's file system is not readable.
declare module "*.bin?url&inline" {
  const dataUrl: string;
  export default dataUrl;
}
