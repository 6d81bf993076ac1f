import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'prisma/config';

// `prisma generate` only runs WebAssembly (the schema parser and the query compiler), yet Prisma's CLI
// insists that a native schema engine binary exists before any of its commands and downloads one
// otherwise, which fails offline. The CLI takes any existing file named by PRISMA_SCHEMA_ENGINE_BINARY,
// so for `generate` alone we name this file. Every other command (`migrate`, `db`) keeps the real
// engine: there, this variable stays unset unless you set it yourself.
if (process.argv.includes('generate') && !process.env.PRISMA_SCHEMA_ENGINE_BINARY) {
  const self = fileURLToPath(import.meta.url);
  if (existsSync(self)) process.env.PRISMA_SCHEMA_ENGINE_BINARY = self;
}

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  // Only Prisma's own CLI (migrate deploy/status, studio) reads this; actsearch connects through
  // driver adapters and applies prisma/migrations itself (packages/store/src/sql-migrator.ts).
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
