#!/usr/bin/env node
// The `otklik` command: runs the compiled server (dist/, built by `npm install` or `npm run build`).
import fs from 'node:fs';

const entry = new URL('../dist/server/main.js', import.meta.url);
if (!fs.existsSync(entry)) {
  process.stderr.write('Отклик ещё не собран: выполните `npm run build` (или `npm install`).\n');
  process.exit(1);
}
await import(entry.href);
