#!/usr/bin/env python3
"""Wall-clock benchmark of whole `corridor` processes (start-up included).

Usage: python3 scripts/bench.py [--runs N] [--bin PATH]
Builds the release binary first (`cargo build --release --locked`, honouring CARGO_TARGET_DIR)
unless --bin is given. Prints mean / median / min / max milliseconds per command. Every run must
exit 0 (standard output and error are discarded): a command that fails is reported as failed,
with its exit status, instead of being timed, and the script then exits 1.
"""
import argparse, json, os, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

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


def build():
    r = subprocess.run(["bash", "-c", ". scripts/setup.sh && cargo build --release --locked --quiet"], cwd=ROOT)
    if r.returncode:
        sys.exit("cargo build failed")
    meta = subprocess.run(["cargo", "metadata", "--format-version", "1", "--no-deps"], cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout
    return os.path.join(json.loads(meta)["target_directory"], "release", "corridor")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--bin", help="time this corridor binary instead of building one")
    args = ap.parse_args()
    binary = os.path.abspath(args.bin) if args.bin else build()
    print("| command | mean ms | median ms | min ms | max ms |")
    print("|---|---:|---:|---:|---:|")
    failed = []
    for case in CASES:
        times, codes = [], set()
        for _ in range(args.runs):
            t0 = time.perf_counter()
            r = subprocess.run([binary] + case, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            dt = (time.perf_counter() - t0) * 1000
            if r.returncode == 0:
                times.append(dt)
            else:
                codes.add(r.returncode)
        label = "`corridor %s`" % " ".join(case)
        if codes:
            failed.append(label)
            print("| %s | failed: %d of %d runs exited %s | | | |"
                  % (label, args.runs - len(times), args.runs, "/".join(map(str, sorted(codes)))))
            continue
        print("| %s | %.1f | %.1f | %.1f | %.1f |"
              % (label, statistics.mean(times), statistics.median(times), min(times), max(times)))
    if failed:
        print("%d command(s) failed: %s" % (len(failed), ", ".join(failed)), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
