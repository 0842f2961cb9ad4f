#!/usr/bin/env python3
"""Wall-clock benchmark of whole `corridor` processes (start-up included).

Usage: python3 scripts/bench.py [--runs N]   (builds the release binary first)
Prints mean / median / min / max milliseconds per command; paste the table into BENCHMARKS.md.
"""
import argparse, os, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "corridor")

CASES = [
    ["places", "search", "Minsk"],
    ["places", "search", "MSQ"],
    ["places", "search", "Mikaševičy"],
    ["places", "show", "minsk-national-airport"],
    ["places", "search", "Vladivostk"],  # a typo: exercises "did you mean"
    ["distances", "routes/angara-to-zhoushan-xinya-2024.toml"],  # one sea route
    ["distances", "routes/mzkt-to-russian-defence-plants-2025q1.toml"],  # one rail route, 4 legs
    ["check", "routes"],
    ["build", "routes"],
    ["distances", "routes"],
    ["aggregate", "routes", "--by", "mode"],
]

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=30)
    args = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--locked", "--quiet"], cwd=ROOT, check=True)
    print(f"| command | mean ms | median ms | min ms | max ms |")
    print(f"|---|---:|---:|---:|---:|")
    for case in CASES:
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            r = subprocess.run([BIN] + case, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times.append((time.perf_counter() - t0) * 1000)
            if r.returncode not in (0, 1):
                sys.exit(f"{case} exited {r.returncode}")
        print(f"| `corridor {' '.join(case)}` | {statistics.mean(times):.1f} | {statistics.median(times):.1f} | {min(times):.1f} | {max(times):.1f} |")

if __name__ == "__main__":
    main()
