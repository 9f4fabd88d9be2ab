/**
 * `rnn-workbook kernel install`: the kernelspec runs the tslab that the project resolves, lands where Jupyter looks
 * (--prefix, --jupyter-path), says in one line what to install when the project has no tslab, and writes nothing on
 * bad input; the repository's own kernels/tslab/kernel.json is what the same code writes with --relative.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { kernelSpec } from "../../lib/cli/kernel";

const root = path.resolve(__dirname, "..", "..", "..");
const cli = path.join(root, JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).bin["rnn-workbook"]);

function run(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("the repository's kernelspec is the --relative spec of the repository, pointing at its own tslab", () => {
  const committed = JSON.parse(fs.readFileSync(path.join(root, "kernels", "tslab", "kernel.json"), "utf8"));
  const spec = kernelSpec({ project: root, specDir: path.join(root, "kernels", "tslab"), displayName: "rnn-workbook (tslab)", relative: true });
  assert.deepEqual(committed, spec);
  const bin = spec.argv[1].replace("{resource_dir}", path.join(root, "kernels", "tslab"));
  assert.equal(fs.realpathSync(bin), fs.realpathSync(path.join(root, "node_modules", "tslab", "bin", "tslab")));
});

test("kernel install --prefix writes PREFIX/share/jupyter/kernels/NAME/kernel.json running the project's tslab", () => {
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), "rw-kernel-"));
  const r = run(root, "kernel", "install", "--prefix", prefix, "--name", "rw-test");
  assert.equal(r.status, 0, r.stderr);
  const spec = JSON.parse(fs.readFileSync(path.join(prefix, "share", "jupyter", "kernels", "rw-test", "kernel.json"), "utf8"));
  assert.deepEqual(spec.argv.slice(2), ["kernel", "--config-path", "{connection_file}"]);
  assert.equal(spec.argv[0], process.execPath);
  assert.equal(fs.realpathSync(spec.argv[1]), fs.realpathSync(path.join(root, "node_modules", "tslab", "bin", "tslab")));
  assert.equal(spec.display_name, "rnn-workbook (tslab, rw-test)");
  assert.equal(spec.language, "typescript");
  fs.rmSync(prefix, { recursive: true, force: true });
});

test("a project without tslab gets one line naming the package to install, and nothing is written", () => {
  const project = fs.mkdtempSync(path.join(os.tmpdir(), "rw-kernel-empty-"));
  const r = run(project, "kernel", "install", "--jupyter-path", path.join(project, "jp"));
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^rnn-workbook: a notebook kernel for .* needs the optional package tslab: npm install tslab@1\.0\.22 \(in that folder\)\n$/);
  assert.equal(fs.existsSync(path.join(project, "jp")), false);
  fs.rmSync(project, { recursive: true, force: true });
});

test("bad use of kernel install is a usage error (exit 2) that writes nothing", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-kernel-bad-"));
  for (const args of [["kernel"], ["kernel", "remove"], ["kernel", "install", "--user", "--prefix", dir], ["kernel", "install", "--prefix", dir, "--name", "a/b"]]) {
    const r = run(root, ...args);
    assert.equal(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, /^rnn-workbook: kernel/);
    assert.equal(r.stderr.trim().split("\n").length, 1);
  }
  assert.deepEqual(fs.readdirSync(dir), []);
  fs.rmSync(dir, { recursive: true, force: true });
});

test("rnn-workbook --version prints the version in package.json", () => {
  const r = run(root, "--version");
  assert.equal(r.status, 0);
  assert.equal(r.stdout.trim(), JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version);
});
