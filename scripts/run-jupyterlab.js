#!/usr/bin/env node
// Every notebook in a live JupyterLab, driven like a person would: the README's command (`JUPYTER_PATH=$PWD
// .venv/bin/jupyter lab`) on 127.0.0.1 with a token, the system Chromium through puppeteer-core opens each
// notebook, runs all cells, waits until every cell has run and the kernel is idle, then counts in the page the
// plotly charts drawn (`.js-plotly-plot` holding an `svg.main-svg`) against the chart divs rw.plot wrote, and
// the error outputs (error and stderr outputs; tslab prints a failing cell's error on stderr).
//
//   node scripts/run-jupyterlab.js [NOTEBOOK ...] [--timeout SECONDS] [--screenshots DIR] [--classic]
//
// --classic drives Debian's classic Notebook 6 (`JUPYTER_PATH=$PWD /usr/bin/jupyter-notebook`, apt package jupyter-notebook,
// installed by scripts/install-system-deps.sh) the same way instead: Cell > Run All (Jupyter.notebook.execute_all_cells),
// then the same counts in its page.
//
// NOTEBOOK is part of a file name ("02", "lstm") or a path to an .ipynb; default: every notebooks/*.ipynb. The notebooks run on a
// copy in build/jupyterlab/ (build/classic-notebook/ with --classic; inside the repository, so `import "rnn-workbook"`
// resolves as in notebooks/), so the front end's autosave never writes outputs into the committed notebooks. Kernels are shut down (their
// sessions deleted) before the server is stopped. Exit 1 if any notebook fails, 2 on bad use or set-up.
"use strict";
const fs = require("fs");
const net = require("net");
const path = require("path");
const crypto = require("crypto");
const { spawn } = require("child_process");

const root = path.resolve(__dirname, "..");
const JUPYTER = path.join(root, ".venv", "bin", "jupyter");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const USAGE = "usage: node scripts/run-jupyterlab.js [NOTEBOOK ...] [--timeout SECONDS] [--screenshots DIR] [--classic]";
const CLASSIC = "/usr/bin/jupyter-notebook";

/** The two front ends: JupyterLab from the project's venv (npm test) and Debian's classic Notebook (--classic). */
const UIS = {
  lab: {
    label: "jupyterlab",
    command: JUPYTER,
    missing: ".venv/bin/jupyter is missing: create the project's venv with `bash scripts/install-jupyterlab.sh` (scripts/install-system-deps.sh runs it)",
    args: (port, token) => ["lab", "--no-browser", "--ip=127.0.0.1", `--port=${port}`, "--ServerApp.port_retries=0", `--IdentityProvider.token=${token}`,
      `--ServerApp.root_dir=${workDir(UIS.lab)}`, "--LabApp.expose_app_in_browser=True"],
    url: (base, name, token) => `${base}/lab/tree/${encodeURIComponent(name)}?reset&token=${token}`,
    selectors: {
      cell: ".jp-Notebook .jp-CodeCell", prompt: ".jp-InputPrompt", charts: ".jp-Notebook [data-rw-chart]",
      errors: '.jp-Notebook .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], .jp-Notebook .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]',
    },
    ready: () =>
      window.jupyterapp?.commands?.hasCommand("notebook:run-all-cells") === true &&
      window.jupyterapp.shell.currentWidget?.sessionContext?.session?.kernel?.connectionStatus === "connected",
    runAll: () => window.jupyterapp.commands.execute("notebook:run-all-cells"),
  },
  classic: {
    label: "classic-notebook",
    command: CLASSIC,
    missing: `${CLASSIC} is missing: run \`bash scripts/install-system-deps.sh\` (Debian package jupyter-notebook)`,
    args: (port, token) => ["--no-browser", "--ip=127.0.0.1", `--port=${port}`, "--port_retries=0", `--NotebookApp.token=${token}`, `--notebook-dir=${workDir(UIS.classic)}`],
    url: (base, name, token) => `${base}/notebooks/${encodeURIComponent(name)}?token=${token}`,
    selectors: { cell: "#notebook .cell.code_cell", prompt: ".input_prompt", charts: "#notebook [data-rw-chart]", errors: "#notebook .output_stderr, #notebook .output_error" },
    ready: () => window.Jupyter?.notebook?.kernel?.is_connected?.() === true,
    runAll: () => window.Jupyter.notebook.execute_all_cells(),
  },
};

/** Where a front end's copies of the notebooks live: one folder per front end, so the two never share one. */
function workDir(ui) {
  return path.join(root, "build", ui.label);
}

function setupError(message) {
  console.error(`run-jupyterlab: ${message}`);
  process.exit(2);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function parseArgs(argv) {
  const options = { wanted: [], timeout: 1200, ui: UIS.lab };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--timeout") {
      options.timeout = Number(argv[++i]);
      if (!Number.isInteger(options.timeout) || options.timeout <= 0) setupError(`--timeout needs a whole number of seconds\n${USAGE}`);
    } else if (argv[i] === "--classic") {
      options.ui = UIS.classic;
    } else if (argv[i] === "--screenshots") {
      if (!argv[i + 1]) setupError(`--screenshots needs a folder\n${USAGE}`);
      options.screenshots = path.resolve(argv[++i]);
    } else if (argv[i].startsWith("-")) setupError(`unknown flag ${argv[i]}\n${USAGE}`);
    else options.wanted.push(argv[i]);
  }
  return options;
}

function checkSetup(ui) {
  if (!fs.existsSync(ui.command)) setupError(ui.missing);
  if (!fs.existsSync(CHROMIUM)) setupError(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM=/path/to/chrome)`);
  if (!fs.existsSync(path.join(root, "node_modules", "rnn-workbook"))) setupError("node_modules/rnn-workbook is missing: run `npm run build`");
  try {
    require.resolve("puppeteer-core");
  } catch {
    setupError("puppeteer-core is not installed: run `npm ci`");
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Start `jupyter lab` (or `jupyter-notebook`) as the README says, serving the copies in workDir(ui); resolves once its API answers. */
async function startServer(ui, port, token) {
  const env = { ...process.env, JUPYTER_PATH: [root, process.env.JUPYTER_PATH].filter(Boolean).join(path.delimiter), PYDEVD_DISABLE_FILE_VALIDATION: "1" };
  // Jupyter refuses to run as root without --allow-root (CI and these machines run as root).
  const args = [...ui.args(port, token), ...(process.getuid?.() === 0 ? ["--allow-root"] : [])];
  const lab = spawn(ui.command, args, { cwd: root, env, stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  lab.stderr.on("data", (chunk) => { log = (log + chunk).slice(-20000); });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 120; i++) {
    if (lab.exitCode !== null) throw new Error(`${ui.label} server exited (${lab.exitCode}):\n${log.slice(-3000)}`);
    try {
      const res = await fetch(`${base}/api/status?token=${token}`);
      if (res.ok) return { lab, base, log: () => log };
    } catch { /* not listening yet */ }
    await sleep(500);
  }
  lab.kill("SIGTERM");
  throw new Error(`${ui.label} server did not answer within 60 s:\n${log.slice(-3000)}`);
}

async function api(server, token, method, route) {
  const res = await fetch(`${server.base}${route}`, { method, headers: { Authorization: `token ${token}` } });
  if (!res.ok && res.status !== 204) throw new Error(`${method} ${route}: HTTP ${res.status}`);
  return res.status === 204 ? undefined : res.json();
}

/** What the page shows once a notebook is open: cells, prompts, charts, error outputs. */
function pageState(selectors) {
  const cells = [...document.querySelectorAll(selectors.cell)];
  // "[3]:" (JupyterLab) or "In [3]:" (classic) -> "[3]:"; "[*]:" while running, "[ ]:" before.
  const prompts = cells.map((c) => {
    const text = (c.querySelector(selectors.prompt)?.textContent ?? "").trim();
    const count = /\[([^\]]*)\]/.exec(text);
    return count ? `[${count[1].trim()}]:` : text;
  });
  const chartDivs = [...document.querySelectorAll(selectors.charts)];
  const drawn = chartDivs.filter((d) => d.classList.contains("js-plotly-plot") && d.querySelector("svg.main-svg"));
  const errors = [...document.querySelectorAll(selectors.errors)].map((e) => (e.textContent ?? "").trim().slice(0, 800));
  return { prompts, charts: chartDivs.length, drawn: drawn.length, errors };
}

/** Open one notebook, Run All, wait until every code cell has an execution count and the kernel is idle. */
async function runNotebook(ui, browser, server, token, name, timeoutMs, screenshots) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 1000 });
  const started = Date.now();
  let session;
  try {
    await page.goto(ui.url(server.base, name, token), { waitUntil: "domcontentloaded", timeout: 120000 });
    await page.waitForSelector(ui.selectors.cell, { timeout: 120000 });
    // The session this page started, with the project's kernel. Its REST state can stay "starting" until the
    // first execution (tslab sends no status around kernel_info), so readiness is the page's kernel connection.
    for (;;) {
      const sessions = await api(server, token, "GET", "/api/sessions");
      session = sessions.find((s) => s.path === name || s.notebook?.path === name);
      if (session?.kernel) break;
      if (Date.now() - started > 120000) throw new Error(`no kernel was started for ${name} within 120 s`);
      await sleep(500);
    }
    if (session.kernel.name !== "tslab") throw new Error(`${name} opened with kernel '${session.kernel.name}', not the project's 'tslab' (JUPYTER_PATH must hold the repository root)`);
    // Polled on a timer, not on animation frames (which a page in the background may not get).
    await page.waitForFunction(ui.ready, { timeout: 120000, polling: 500 });
    await page.evaluate(ui.runAll);
    let state;
    let idleSince;
    for (;;) {
      await sleep(1000);
      state = await page.evaluate(pageState, ui.selectors);
      const kernel = (await api(server, token, "GET", `/api/kernels/${session.kernel.id}`)).execution_state;
      const allRun = state.prompts.length > 0 && state.prompts.every((p) => /^\[\d+\]:$/.test(p));
      // Idle and every prompt numbered for two polls in a row: the last cell's outputs have arrived.
      if (allRun && kernel === "idle") {
        if (idleSince !== undefined && Date.now() - idleSince >= 1500) break;
        idleSince ??= Date.now();
      } else idleSince = undefined;
      if (state.errors.length > 0 && kernel === "idle" && !state.prompts.some((p) => p === "[*]:")) break; // stopped at the error
      if (kernel === "dead") throw new Error(`the kernel of ${name} died`);
      if (Date.now() - started > timeoutMs) throw new Error(`${name} did not finish within ${timeoutMs / 1000} s (prompts: ${state.prompts.join(" ")})`);
    }
    // Let plotly finish drawing the last charts (newPlot is asynchronous).
    await sleep(1000);
    state = await page.evaluate(pageState, ui.selectors);
    if (screenshots) {
      // What a person sees at the first diagram or chart (or the top of the notebook).
      await page.evaluate(() => document.querySelector(".rw-diagram, .js-plotly-plot")?.scrollIntoView({ block: "start" }));
      await sleep(1500);
      fs.mkdirSync(screenshots, { recursive: true });
      await page.screenshot({ path: path.join(screenshots, name.replace(/\.ipynb$/, ".png")) });
    }
    return { ...state, seconds: (Date.now() - started) / 1000 };
  } finally {
    await page.close();
    // Shut the kernel down whether the notebook passed or not: a failed one must not keep running.
    if (session) await api(server, token, "DELETE", `/api/sessions/${session.id}`).catch(() => undefined);
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const ui = options.ui;
  checkSetup(ui);
  const all = fs.readdirSync(path.join(root, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort().map((f) => path.join(root, "notebooks", f));
  const sources = options.wanted.length === 0 ? all : options.wanted.flatMap((w) => {
    if (w.endsWith(".ipynb") && fs.existsSync(w)) return [path.resolve(w)];
    const matches = all.filter((f) => path.basename(f).includes(w));
    if (matches.length === 0) setupError(`no notebook matches '${w}': choose from ${all.map((f) => path.basename(f)).join(", ")}`);
    return matches;
  });
  const work = workDir(ui);
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  for (const source of sources) fs.copyFileSync(source, path.join(work, path.basename(source)));
  const names = sources.map((f) => path.basename(f));

  const puppeteer = require("puppeteer-core");
  const token = crypto.randomBytes(16).toString("hex");
  const server = await startServer(ui, await freePort(), token);
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    // A page busy drawing a notebook's outputs on a loaded machine can take minutes to answer one call; the
    // notebook's own --timeout is the limit that counts.
    protocolTimeout: Math.max(180000, options.timeout * 1000),
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--disable-component-update"],
  });
  const failed = [];
  const totalStart = Date.now();
  try {
    for (const name of names) {
      try {
        const r = await runNotebook(ui, browser, server, token, name, options.timeout * 1000, options.screenshots);
        const codeCells = JSON.parse(fs.readFileSync(path.join(work, name), "utf8")).cells.filter((c) => c.cell_type === "code").length;
        const ran = r.prompts.filter((p) => /^\[\d+\]:$/.test(p)).length;
        const ok = r.errors.length === 0 && r.drawn === r.charts && r.prompts.length === codeCells && ran === codeCells;
        if (r.prompts.length !== codeCells) console.error(`  the page shows ${r.prompts.length} code cells, the notebook has ${codeCells}`);
        console.log(
          `${ui.label}: ${name}: ${ran} of ${codeCells} code cells run, ${r.drawn} of ${r.charts} charts drawn, ${r.errors.length} error outputs ` +
            `${ok ? "ok" : "FAILED"} in ${r.seconds.toFixed(0)} s`,
        );
        if (!ok) {
          failed.push(name);
          for (const e of r.errors.slice(0, 3)) console.error(`  error output: ${e.split("\n").slice(0, 4).join("\n    ")}`);
        }
      } catch (err) {
        console.log(`${ui.label}: ${name}: FAILED: ${err.message}`);
        failed.push(name);
      }
    }
  } finally {
    await browser.close();
    // Kernels first (a kernel whose session is left outlives the server), then the server itself.
    try {
      for (const s of await api(server, token, "GET", "/api/sessions")) await api(server, token, "DELETE", `/api/sessions/${s.id}`);
      await api(server, token, "POST", "/api/shutdown");
    } catch { /* the server is stopped below in any case */ }
    for (let i = 0; i < 20 && server.lab.exitCode === null; i++) await sleep(500);
    if (server.lab.exitCode === null) server.lab.kill("SIGTERM");
  }
  console.log(`${ui.label}: ${names.length - failed.length} of ${names.length} notebooks ran in ${ui === UIS.lab ? "JupyterLab" : "the classic Notebook"} in ${((Date.now() - totalStart) / 1000).toFixed(0)} s`);
  if (failed.length > 0) {
    console.error(`run-jupyterlab: failed: ${failed.join(", ")}`);
    process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(`run-jupyterlab: ${err.message}`);
  process.exitCode = 1;
});
