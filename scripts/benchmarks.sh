#!/usr/bin/env bash
# Regenerates every figure in BENCHMARKS.md, each section by the script that measures it, in
# one run on this machine (about 8 min on 2 cores; run nothing else meanwhile):
#   whole commands      scripts/bench.py
#   gazetteer search    scripts/bench.py --search, against the revision before the fst (6e2f3fa)
#   network routing     scripts/bench_networks.py, against scgraph 3.6 and searoute 1.6
#   scale               scripts/bench_scale.py: 1k/10k/100k legs per command, and the air-leg
#                       cost against pyproj (installed here when missing)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
# pyproj, the air-leg peer, runs in this Python (bench_networks.py installs its own peers).
python3 -c "import numpy, pyproj" 2>/dev/null || python3 -m pip install --quiet "pyproj==3.7.2" numpy
python3 scripts/bench.py --runs 20 --write BENCHMARKS.md
python3 scripts/bench.py --search --before 6e2f3fa --runs 20 --write BENCHMARKS.md
python3 scripts/bench_networks.py --pairs 200 --write BENCHMARKS.md
python3 scripts/bench_scale.py --runs 3 --write BENCHMARKS.md
