#!/usr/bin/env bash
# Debian packages the notebooks tests need: Jupyter (nbclient) to execute notebooks with the tslab kernel, the
# classic Notebook 6 (jupyter-notebook) that test/notebooks/classic-notebook.test.ts runs every notebook in, venv,
# Chromium to check that a person would see the charts, and MathJax so the exported HTML shows the equations
# offline. Then the project's Python venv with JupyterLab (scripts/install-jupyterlab.sh). Idempotent; needs root
# (or sudo) for the Debian packages.
set -euo pipefail
PKGS=(jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel jupyter-notebook chromium libjs-mathjax python3-venv)
missing=()
for p in "${PKGS[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}"
fi
bash "$(dirname "$0")/install-jupyterlab.sh"
