// Text modules bundled by wrangler's "**/*.sql" rule (drizzle migrations for the cluster DO's SQLite).
declare module "*.sql" {
  const text: string;
  export default text;
}
