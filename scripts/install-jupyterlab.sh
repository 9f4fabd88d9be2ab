#!/usr/bin/env bash
# The project's Python virtual environment .venv/ with JupyterLab (pinned), for working in the notebooks and for
# the JupyterLab test (test/notebooks/jupyterlab.test.ts). Nothing goes into the system Python. Idempotent:
# returns at once when .venv already has this JupyterLab. Called by scripts/install-system-deps.sh.
#
#   bash scripts/install-jupyterlab.sh      then: JUPYTER_PATH=$PWD .venv/bin/jupyter lab notebooks/
set -euo pipefail
cd "$(dirname "$0")/.."
JUPYTERLAB_VERSION=4.6.6
PYTHON=${RNN_WORKBOOK_VENV_PYTHON:-python3}
if [ -x .venv/bin/python ] && .venv/bin/python -c "import sys, jupyterlab; sys.exit(jupyterlab.__version__ != '$JUPYTERLAB_VERSION')" 2>/dev/null; then
  exit 0
fi
"$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check "jupyterlab==$JUPYTERLAB_VERSION"
.venv/bin/python -c "import jupyterlab; print('rnn-workbook: JupyterLab', jupyterlab.__version__, 'in .venv')"
