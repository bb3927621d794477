import { sql } from 'kysely';
import { openStore } from './src/store/index.js';
import { mkdtempSync, cpSync } from 'node:fs';
const dir = mkdtempSync('/tmp/csm-conc-');
cpSync('/tmp/csm-test-pglite-template-0.5.14', dir + '/pglite', { recursive: true });
const store = await openStore({ backend: 'pglite', dataDir: dir }, { notify: () => {} });
for (let round = 0; round < 3; round++) {
  let t = performance.now();
  for (let i = 0; i < 1000; i++) await sql`select ${i}::int`.execute(store.db);
  const seq = performance.now() - t;
  t = performance.now();
  await Promise.all(Array.from({ length: 4 }, async () => { for (let i = 0; i < 250; i++) await sql`select ${i}::int`.execute(store.db); }));
  const conc = performance.now() - t;
  console.log(`seq ${(1000 / seq * 1000).toFixed(0)} q/s, 4-conc ${(1000 / conc * 1000).toFixed(0)} q/s`);
}
await store.close();
