#!/usr/bin/env node
// Fails when src/ has an import cycle (type-only imports included: they couple modules just the same)
// or an import against the layering in docs/architecture.md.
// A few lines instead of madge/dependency-cruiser: both parse TypeScript through the `typescript`
// package's JavaScript API, which TypeScript 7 (the native compiler this project uses) no longer ships.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', 'src');
const importPattern = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function sourceFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

function resolve(from, specifier) {
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, path.join(base, 'index.ts')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

const graph = new Map();
for (const file of sourceFiles(root)) {
  const text = fs.readFileSync(file, 'utf8');
  const edges = new Set();
  for (const match of text.matchAll(importPattern)) {
    const target = resolve(file, match[1] ?? match[2]);
    if (target) edges.add(target);
  }
  graph.set(file, edges);
}

// Depth-first search; a back edge to a module still on the stack closes a cycle.
const state = new Map(); // file -> 'open' | 'done'
const stack = [];
const cycles = [];
function visit(file) {
  state.set(file, 'open');
  stack.push(file);
  for (const next of graph.get(file) ?? []) {
    if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
    else if (!state.has(next)) visit(next);
  }
  stack.pop();
  state.set(file, 'done');
}
for (const file of graph.keys()) if (!state.has(file)) visit(file);

// The dependency direction: routes → surfaces → lib → providers. Shared modules (lib, providers)
// never reach up into an entry point, a route, a surface or a Durable Object class.
const forbidden = [
  { from: /^(lib|providers)\//, to: /^(routes|surfaces|durable-objects)\/|^(app|index)\.ts$/ },
  { from: /^surfaces\//, to: /^routes\/|^(app|index)\.ts$/ },
  { from: /^durable-objects\//, to: /^(routes|surfaces)\/|^(app|index)\.ts$/ },
];
const violations = [];
for (const [file, edges] of graph) {
  const from = path.relative(root, file);
  for (const target of edges) {
    const to = path.relative(root, target);
    if (forbidden.some((rule) => rule.from.test(from) && rule.to.test(to))) violations.push(`${from} → ${to}`);
  }
}

if (cycles.length > 0 || violations.length > 0) {
  if (cycles.length > 0) console.error(`${cycles.length} import cycle(s) in src/:`);
  for (const cycle of cycles) console.error(`  ${cycle.map((file) => path.relative(root, file)).join(' → ')}`);
  if (violations.length > 0) console.error(`${violations.length} import(s) against the layering (docs/architecture.md):`);
  for (const violation of violations) console.error(`  ${violation}`);
  process.exit(1);
}
