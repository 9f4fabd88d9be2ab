#!/usr/bin/env node
// `npm run test:node -- 22 24`: run the unit tests (every dist/test file except the notebook and package suites,
// which need Jupyter and a second npm install) under other Node.js versions, taken from the npm registry as the
// `node` package (node@22 installs the newest 22.x) into node_modules/.cache/rnn-workbook/node-<version>/ and reused.
// Writes docs/node-versions.md and .json (version, tests, passed, failed, seconds) and the table into README.md's
// node-versions block; exits 1 if any
// version failed. The build is done once, with the Node that runs this script (tsc's output does not depend on it).
//
//   node scripts/test-node.js VERSION ...        VERSION: a major (22) or an exact version (24.9.0)
"use strict";
const fs = require("fs");
const path = require("path");
const { execFileSync, spawnSync } = require("child_process");
const { replaceReadmeBlock } = require("./readme-block");

const root = path.resolve(__dirname, "..");
const EXCLUDED = ["notebooks", "package"]; // suites that are not unit tests
const USAGE = "usage: npm run test:node -- VERSION ...   (e.g. 22 24)";

function fail(message, code = 2) {
  console.error(`test-node: ${message}`);
  process.exit(code);
}

/** The `node` binary of the wanted version, installed from the registry on first use. */
function nodeBinary(version) {
  const dir = path.join(root, "node_modules", ".cache", "rnn-workbook", `node-${version}`);
  const bin = path.join(dir, "node_modules", "node", "bin", process.platform === "win32" ? "node.exe" : "node");
  if (!fs.existsSync(bin)) {
    console.log(`test-node: npm install node@${version} (once, into ${path.relative(root, dir)})`);
    fs.mkdirSync(dir, { recursive: true });
    execFileSync("npm", ["install", "--prefix", dir, "--no-audit", "--no-fund", "--no-save", `node@${version}`], { stdio: "inherit" });
  }
  return bin;
}

/** Filters for scripts/run-tests.js: every top-level entry of dist/test except the excluded suites. */
function unitTestFilters() {
  const testDir = path.join(root, "dist", "test");
  return fs
    .readdirSync(testDir, { withFileTypes: true })
    .filter((e) => !EXCLUDED.includes(e.name) && (e.isDirectory() || e.name.endsWith(".test.js")))
    .map((e) => (e.isDirectory() ? `${e.name}/` : e.name))
    .sort();
}

function summary(output, name) {
  const m = new RegExp(`^ℹ ${name} (\\d+)$`, "m").exec(output);
  return m ? Number(m[1]) : undefined;
}

function main() {
  const versions = process.argv.slice(2);
  if (versions.length === 0 || versions.some((v) => !/^\d+(\.\d+){0,2}$/.test(v))) fail(`give Node versions as numbers\n${USAGE}`);
  execFileSync(process.execPath, [path.join(root, "scripts", "build.js")], { stdio: "inherit" });
  const filters = unitTestFilters();
  const results = [];
  for (const version of versions) {
    const bin = nodeBinary(version);
    const actual = execFileSync(bin, ["--version"], { encoding: "utf8" }).trim();
    console.log(`test-node: unit tests on Node ${actual} (${filters.join(" ")})`);
    const started = Date.now();
    const run = spawnSync(bin, [path.join(root, "scripts", "run-tests.js"), ...filters], { cwd: root, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    const output = `${run.stdout}\n${run.stderr}`;
    const result = {
      requested: version,
      node: actual,
      tests: summary(output, "tests"),
      passed: summary(output, "pass"),
      failed: summary(output, "fail"),
      seconds: Math.round((Date.now() - started) / 1000),
      ok: run.status === 0,
    };
    if (!result.ok) {
      const failures = output.split("\n").filter((l) => /^✖ /.test(l));
      console.error(output.slice(-4000));
      result.failures = failures;
    }
    console.log(`test-node: Node ${actual}: ${result.passed}/${result.tests} passed, ${result.failed} failed, ${result.seconds} s`);
    results.push(result);
  }
  const md = [
    "# Unit tests on each Node.js version",
    "",
    `Written by \`npm run test:node -- ${versions.join(" ")}\` (scripts/test-node.js): every test file except the ${EXCLUDED.join(" and ")} suites.`,
    "",
    "| Node | tests | passed | failed | seconds |",
    "| --- | ---: | ---: | ---: | ---: |",
    ...results.map((r) => `| ${r.node} | ${r.tests ?? "?"} | ${r.passed ?? "?"} | ${r.failed ?? "?"} | ${r.seconds} |`),
    "",
  ].join("\n");
  fs.mkdirSync(path.join(root, "docs"), { recursive: true });
  for (const [name, text] of [["node-versions.json", `${JSON.stringify({ excluded: EXCLUDED, results }, null, 2)}\n`], ["node-versions.md", md]]) {
    const target = path.join(root, "docs", name);
    fs.writeFileSync(`${target}.tmp`, text);
    fs.renameSync(`${target}.tmp`, target);
  }
  replaceReadmeBlock("node-versions", md.split("\n").slice(4).join("\n"));
  console.log(md);
  process.exit(results.every((r) => r.ok) ? 0 : 1);
}

main();
