/**
 * Every notebook runs in the classic Notebook (Debian's jupyter-notebook 6, installed by scripts/install-system-deps.sh)
 * with the project's kernel, as the README tells a reader to start it (`JUPYTER_PATH=$PWD /usr/bin/jupyter-notebook`):
 * scripts/run-jupyterlab.js --classic drives the system Chromium through Cell > Run All in each notebook and counts, in
 * the page, the charts drawn and the error outputs (live-browser.ts). Slow (about a minute per notebook): run it alone
 * with `node scripts/run-tests.js notebooks/classic`. No skip: a missing jupyter-notebook or Chromium fails with the fix.
 */
import { test } from "node:test";
import { checkEveryNotebook, checkFixtures } from "./live-browser";

test("every notebook runs in the classic Notebook with no error output and every chart drawn", (t) => {
  const { charts, lines } = checkEveryNotebook("classic");
  for (const line of lines) t.diagnostic(line);
  t.diagnostic(`${charts} charts drawn`);
});

test("the classic Notebook run fails on a cell that throws and passes a good notebook", () => {
  checkFixtures("classic");
});
