#!/usr/bin/python3
"""The body HTML of executed notebooks, for the rendered workbook in site/ (called by scripts/build-site.js).

    notebook_page.py OUT_DIR --css FILE EXECUTED.ipynb ...

Writes OUT_DIR/<name>.html per notebook: nbconvert's "basic" template (cells and outputs, no page, no
stylesheet, no MathJax), with the outputs that embed plotly.js removed, since the site loads one shared copy.
The equations stay as TeX ($...$, $$...$$); build-site.js renders them to SVG. --css writes the stylesheet of
the code highlighting. Needs Debian's jupyter-nbconvert: run it with /usr/bin/python3.
"""
import argparse
import os
import sys

import nbformat
from nbconvert import HTMLExporter
from pygments.formatters import HtmlFormatter

# The output rw.plot writes before the first chart of a kernel session (lib/plot/html.ts, plotlyScriptTag).
PLOTLY_EMBED_MARKER = "/* plotly.js inlined by rnn-workbook */"


def without_plotly_embeds(nb):
    removed = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.get("outputs", []):
            html = output.get("data", {}).get("text/html", "")
            html = "".join(html) if isinstance(html, list) else html
            if PLOTLY_EMBED_MARKER in html:
                removed += 1
            else:
                kept.append(output)
        cell.outputs = kept
    return removed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out_dir")
    parser.add_argument("notebooks", nargs="+")
    parser.add_argument("--css", required=True)
    args = parser.parse_args()
    exporter = HTMLExporter(template_name="basic")
    for path in args.notebooks:
        nb = nbformat.read(path, as_version=4)
        without_plotly_embeds(nb)
        body, _ = exporter.from_notebook_node(nb)
        name = os.path.splitext(os.path.basename(path))[0]
        with open(os.path.join(args.out_dir, f"{name}.html"), "w", encoding="utf-8") as out:
            out.write(body)
    with open(args.css, "w", encoding="utf-8") as out:
        out.write(HtmlFormatter(style="default").get_style_defs(".highlight"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
