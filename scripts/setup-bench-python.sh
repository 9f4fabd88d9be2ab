#!/usr/bin/env bash
# The two PyTorch references `npm run bench` measures beside the fused kernels (bench/torch_bench.py):
#   1. PyTorch 2.13 CPU in a virtual environment, .venv-bench/ at the repository root, from the wheel on disk
#      (TORCH_WHEEL, default /opt/wheels/torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl; its own
#      dependencies and numpy come from PyPI). Needs Python 3.11 as `python3` (PYTHON overrides).
#   2. Debian's python3-torch 1.13 with the pthread OpenBLAS, run by /usr/bin/python3 (apt-get; needs root
#      or sudo). `--venv-only` skips it.
# Idempotent: what is already there is kept. Nothing is installed into the system Python but Debian packages.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.venv-bench"
wheel="${TORCH_WHEEL:-/opt/wheels/torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl}"
python="${PYTHON:-python3}"
venv_only=0
[ "${1:-}" = "--venv-only" ] && venv_only=1

if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "import torch, numpy" >/dev/null 2>&1; then
  echo "setup-bench-python: $venv has torch $("$venv/bin/python" -c 'import torch; print(torch.__version__)')"
else
  if [ ! -f "$wheel" ]; then
    echo "rnn-workbook: setup-bench-python: the PyTorch wheel $wheel is missing: set TORCH_WHEEL to its path" >&2
    exit 1
  fi
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$wheel" numpy
  echo "setup-bench-python: installed torch $("$venv/bin/python" -c 'import torch; print(torch.__version__)') in $venv"
fi

if [ "$venv_only" -eq 0 ]; then
  pkgs=(python3-torch libopenblas0-pthread)
  missing=()
  for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}"
  fi
  echo "setup-bench-python: /usr/bin/python3 has torch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)' 2>/dev/null || echo '(not importable)')"
fi
