#!/usr/bin/python3
"""Execute one notebook through the tslab kernel and write the executed copy and its HTML.

Called by scripts/run-notebooks.js (which sets JUPYTER_PATH so that the project's kernels/tslab
kernelspec is found, and RNN_WORKBOOK_SCALE). Needs Debian's python3-nbclient and
jupyter-nbconvert, so run it with /usr/bin/python3.

    run_notebook.py NOTEBOOK OUT_IPYNB OUT_HTML [--timeout SECONDS]

Exit status 0 if every cell ran, 1 if a cell failed (its real error text on stderr), 2 on bad use.

Why not `jupyter nbconvert --execute`: tslab's error replies carry no ename or traceback (the
text is only in the cell's stderr), so nbconvert reports just "<Error>:". Here the runner prints
the failing cell's source head and its stderr.

Errors thrown after a cell returned (an un-awaited promise that rejects, a throw in a timer)
leave tslab's reply green: tslab prints "UnhandledPromiseRejection:" or "UncaughtException:" to
stderr, under the parent of whichever request ran last. After every cell the runner therefore
sends a short hidden probe (wait 50 ms) and reads every stream message that arrives, whatever
cell it belongs to; such a line fails the notebook, naming the cell after which it appeared.
A promise that rejects later than that (a long un-awaited training) is caught by a later probe,
or by the final probe (wait 500 ms), but not after the kernel has shut down: cells must await
everything they start.
"""
import argparse
import asyncio
import hashlib
import os
import queue
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbclient.util import ensure_async
from nbconvert import HTMLExporter
from jupyter_client.kernelspec import NoSuchKernel

LATE_ERROR_MARKERS = ("UnhandledPromiseRejection:", "UncaughtException:")
# Debian's nbconvert loads MathJax from libjs-mathjax; without that package, use upstream nbconvert's CDN
# default, so the equations render wherever the HTML is opened online (offline they stay as TeX source).
LOCAL_MATHJAX = "/usr/share/javascript/mathjax/MathJax.js"
CDN_MATHJAX = "https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
KERNEL_NAME = "tslab"


class NotebookFailure(Exception):
    """A cell failed; the message is what the user needs to see."""


def cell_head(cell, lines=3):
    source = cell.source.strip().splitlines()
    head = "\n".join("    " + line for line in source[:lines])
    return head + ("\n    ..." if len(source) > lines else "")


def stderr_text(cell):
    return "".join(
        out.get("text", "") for out in cell.get("outputs", []) if out.get("output_type") == "stream" and out.get("name") == "stderr"
    )


def without_kernel_frames(text):
    """Drop the stack frames of tslab and Node's vm module: they follow every error and say nothing about it."""
    noise = ("node:vm", "node_modules/tslab/", "sigintHandlersWrap", "node:internal/")
    return "\n".join(line for line in text.splitlines() if not (line.lstrip().startswith("at ") and any(n in line for n in noise)))


def late_errors_in(text):
    return [line for line in text.splitlines() if line.startswith(LATE_ERROR_MARKERS)]


async def probe(client, wait_ms, timeout):
    """Run a hidden cell that only waits, and return the stderr text of every message seen meanwhile.

    Messages left over from earlier requests (late errors printed after their cell went idle) are
    still queued on the iopub channel, so they are read here too.
    """
    code = f"await new Promise<void>((resolve) => setTimeout(resolve, {wait_ms}));"
    msg_id = await ensure_async(client.kc.execute(code, store_history=False))
    collected = []
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        remaining = deadline - loop.time()
        if remaining <= 0:
            raise NotebookFailure(f"the kernel did not answer a {wait_ms} ms probe within {timeout} s")
        try:
            msg = await client.kc.iopub_channel.get_msg(timeout=remaining)
        except queue.Empty:
            continue
        content = msg.get("content", {})
        if msg["msg_type"] == "stream" and content.get("name") == "stderr":
            collected.append(content.get("text", ""))
        if (
            msg["parent_header"].get("msg_id") == msg_id
            and msg["msg_type"] == "status"
            and content.get("execution_state") == "idle"
        ):
            break
    # Consume the probe's reply so that the next cell's reply is the next shell message.
    await client.async_wait_for_reply(msg_id)
    return "".join(collected)


async def execute(nb, notebook_dir, cell_timeout, label):
    client = NotebookClient(
        nb,
        kernel_name=KERNEL_NAME,
        timeout=cell_timeout,
        resources={"metadata": {"path": notebook_dir}},
        allow_errors=False,
        record_timing=True,
        # tslab compiles its TypeScript service before it answers: on two busy cores that took over nbclient's
        # default 60 s (seen in CI-like runs), so the kernel gets five minutes to come up.
        startup_timeout=300,
    )
    client.reset_execution_trackers()
    async with client.async_setup_kernel():
        info_id = await ensure_async(client.kc.kernel_info())
        info = await client.async_wait_for_reply(info_id)
        if info is not None and "language_info" in info["content"]:
            nb.metadata["language_info"] = info["content"]["language_info"]
        code_indices = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()]
        for index in code_indices:
            cell = nb.cells[index]
            where = f"{label}: cell {index} (code cell {client.code_cells_executed + 1})"
            try:
                await client.async_execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
            except CellTimeoutError:
                raise NotebookFailure(f"{where} did not finish within {cell_timeout} s:\n{cell_head(cell)}")
            except DeadKernelError:
                raise NotebookFailure(f"{where}: the kernel died while running it:\n{cell_head(cell)}\n{stderr_text(cell)}")
            except CellExecutionError:
                text = without_kernel_frames(stderr_text(cell)).rstrip() or "(tslab printed no error text)"
                raise NotebookFailure(f"{where} failed:\n{cell_head(cell)}\n--- error ---\n{text}")
            late = late_errors_in(stderr_text(cell))
            wait_ms = 500 if index == code_indices[-1] else 50
            late += late_errors_in(await probe(client, wait_ms, cell_timeout))
            if late:
                raise NotebookFailure(
                    f"{where} (or an earlier cell) left work running that failed after the cell returned:\n"
                    f"{cell_head(cell)}\n--- error ---\n" + "\n".join(late) +
                    "\n--- fix ---\nawait every promise in the cell (await model.fit(...), await Promise.all(...))"
                )
    return nb


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebook")
    parser.add_argument("out_ipynb")
    parser.add_argument("out_html")
    parser.add_argument("--timeout", type=int, default=900, help="seconds allowed per cell")
    args = parser.parse_args()

    nb = nbformat.read(args.notebook, as_version=4)
    with open(args.notebook, "rb") as source:
        source_sha256 = hashlib.sha256(source.read()).hexdigest()
    label = os.path.relpath(args.notebook)
    failure = None
    try:
        try:
            asyncio.run(execute(nb, os.path.dirname(os.path.abspath(args.notebook)), args.timeout, label))
        except RuntimeError as err:
            # A kernel that never came up (no cell ran yet) is started once more; any other failure stands.
            if "didn't respond" not in str(err):
                raise
            print(f"{label}: the kernel did not come up ({err}); starting it once more", file=sys.stderr)
            nb = nbformat.read(args.notebook, as_version=4)
            asyncio.run(execute(nb, os.path.dirname(os.path.abspath(args.notebook)), args.timeout, label))
    except NotebookFailure as err:
        failure = str(err)
    except NoSuchKernel:
        failure = (
            f"{label}: no '{KERNEL_NAME}' kernelspec found: JUPYTER_PATH must include the repository root "
            "(which holds kernels/tslab/kernel.json); run notebooks through scripts/run-notebooks.js"
        )
    except Exception as err:  # the kernel did not start, or the connection broke: say so in one line
        failure = f"{label}: the notebook could not run: {type(err).__name__}: {err}"
    # Which source this copy executed, at which scale, and whether every cell ran: the site build
    # (scripts/build-site.js) re-runs a notebook whose copy is missing, failed, or older than its source.
    nb.metadata["rnn_workbook"] = {
        "source_sha256": source_sha256,
        "scale": os.environ.get("RNN_WORKBOOK_SCALE", "quick"),
        "complete": failure is None,
    }
    # The executed copy is written even on failure: the outputs up to the failing cell help debugging.
    nbformat.write(nb, args.out_ipynb)
    if failure is not None:
        print(failure, file=sys.stderr)
        return 1
    exporter = HTMLExporter(template_name="lab")
    if not os.path.exists(LOCAL_MATHJAX):
        exporter.mathjax_url = CDN_MATHJAX
    html, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": os.path.splitext(os.path.basename(args.notebook))[0]}})
    with open(args.out_html, "w", encoding="utf-8") as out:
        out.write(html)
    return 0


if __name__ == "__main__":
    sys.exit(main())
