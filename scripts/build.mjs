#!/usr/bin/env node
// Builds what is missing or stale: the server (tsc → dist/server) and the web bundle (vite → dist/web).
// `npm install` runs it (prepare) and `npm start` runs it again, which then does nothing unless the
// sources changed: a content hash of the inputs is kept beside each output. `--force` rebuilds both.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const isForced = process.argv.includes('--force');

const targets = [
  {
    name: 'сервер',
    inputs: ['src/server', 'src/shared', 'tsconfig.json', 'tsconfig.server.json', 'package-lock.json'],
    output: 'dist/server/main.js',
    stamp: 'dist/.server-stamp',
    command: [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.server.json'],
  },
  {
    name: 'веб-интерфейс',
    inputs: ['src/web', 'src/shared', 'vite.config.ts', 'package-lock.json'],
    output: 'dist/web/index.html',
    stamp: 'dist/.web-stamp',
    command: [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
  },
];

function listFiles(relative) {
  const full = path.join(root, relative);
  if (!fs.existsSync(full)) return [];
  if (fs.statSync(full).isFile()) return [relative];
  return fs
    .readdirSync(full, { withFileTypes: true })
    .filter((entry) => !entry.name.endsWith('.test.ts') && !entry.name.startsWith('.'))
    .flatMap((entry) => listFiles(path.join(relative, entry.name)));
}

function hashInputs(inputs) {
  const hash = crypto.createHash('sha256');
  for (const file of inputs.flatMap(listFiles).sort()) {
    hash.update(file);
    hash.update(fs.readFileSync(path.join(root, file)));
  }
  return hash.digest('hex');
}

let failed = false;
for (const target of targets) {
  const digest = hashInputs(target.inputs);
  const stampFile = path.join(root, target.stamp);
  const isCurrent =
    fs.existsSync(path.join(root, target.output)) &&
    fs.existsSync(stampFile) &&
    fs.readFileSync(stampFile, 'utf8') === digest;
  if (isCurrent && !isForced) continue;
  const tool = target.command[0];
  if (!fs.existsSync(tool)) {
    console.error(`Сборка (${target.name}) невозможна: нет ${path.relative(root, tool)} — выполните npm install.`);
    failed = true;
    continue;
  }
  const started = Date.now();
  console.error(`Сборка: ${target.name}…`);
  const result = spawnSync(process.execPath, target.command, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`Сборка (${target.name}) не удалась.`);
    failed = true;
    continue;
  }
  fs.mkdirSync(path.dirname(stampFile), { recursive: true });
  fs.writeFileSync(stampFile, digest);
  console.error(`Сборка: ${target.name} готова за ${((Date.now() - started) / 1000).toFixed(1)} с.`);
}
process.exit(failed ? 1 : 0);
