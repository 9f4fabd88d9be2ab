/**
 * Every notebook runs in a live JupyterLab with the project's kernel, as the README tells a reader to start it
 * (`JUPYTER_PATH=$PWD .venv/bin/jupyter lab`, the venv made by scripts/install-jupyterlab.sh): scripts/run-jupyterlab.js
 * drives the system Chromium (puppeteer-core) through Run All in each notebook and counts, in the page, the
 * charts drawn and the error outputs (live-browser.ts). Slow (about a minute per notebook): run it alone with
 * `node scripts/run-tests.js notebooks/jupyterlab`. No skip: a missing venv or Chromium fails with the fix.
 */
import { test } from "node:test";
import { checkEveryNotebook, checkFixtures } from "./live-browser";

test("every notebook runs in JupyterLab with no error output and every chart drawn", (t) => {
  const { charts, lines } = checkEveryNotebook("lab");
  for (const line of lines) t.diagnostic(line);
  t.diagnostic(`${charts} charts drawn`);
});

test("the JupyterLab run fails on a cell that throws and passes a good notebook", () => {
  checkFixtures("lab");
});
