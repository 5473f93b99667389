#!/usr/bin/env bash
# Installs the benchmark peers into .venv-bench (ignored by git): PyTorch CPU from Debian's python3-torch (so the
# venv is made from Debian's /usr/bin/python3 with system site-packages), then librosa, scikit-learn and faiss-cpu
# from pip. Each peer that cannot be installed is skipped by the benchmarks with a message.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
# Debian's torch uses the system BLAS; without OpenBLAS that is the reference BLAS, which would make the PyTorch
# peer ~6x slower than it really is (its Linear layers run at ~2 GFLOP/s). The peer must be given its best chance.
if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-torch python3-venv libopenblas0-pthread >/dev/null 2>&1 \
    || echo "bench:setup: python3-torch / OpenBLAS could not be installed; the PyTorch peer may be skipped or slow"
elif ! "$PY" -c 'import torch' 2>/dev/null; then
  echo "bench:setup: no PyTorch and no apt-get as root; the PyTorch peer will be skipped"
fi
[ -x .venv-bench/bin/python ] || "$PY" -m venv --system-site-packages .venv-bench
.venv-bench/bin/pip install -q librosa scikit-learn faiss-cpu 2>&1 | grep -v -i "retry\|warning" || true
.venv-bench/bin/python - <<'PY'
import importlib
for m in ("torch", "librosa", "sklearn", "faiss"):
    try:
        mod = importlib.import_module(m)
        print(f"bench peer {m}: {getattr(mod, '__version__', 'ok')}")
    except Exception as e:
        print(f"bench peer {m}: missing ({e.__class__.__name__})")
PY
