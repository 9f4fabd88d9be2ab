#!/usr/bin/env node
// Run every compiled test file (dist/test/**/*.test.js) with Node's built-in test runner.
// Optional arguments filter the files by substring: `node scripts/run-tests.js cells data`.
"use strict";
const fs = require("fs");
const path = require("path");
const { spawnSync } = require("child_process");

const root = path.resolve(__dirname, "..");
const testDir = path.join(root, "dist", "test");

function find(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return find(full);
    return entry.name.endsWith(".test.js") ? [full] : [];
  });
}

const filters = process.argv.slice(2);
const files = find(testDir)
  .filter((f) => filters.length === 0 || filters.some((s) => path.relative(testDir, f).includes(s)))
  .sort();
if (files.length === 0) {
  console.error(`rnn-workbook tests: no test files found under ${path.relative(root, testDir)}: run \`npm run build\` first`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ["--test", "--test-reporter=spec", ...files], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, RNN_WORKBOOK_QUIET: "1" },
});
process.exit(result.status === null ? 1 : result.status);
