#!/usr/bin/env python3
"""Routing benchmark: corridor against its Python peers on the same random pairs, same run.

    python3 scripts/bench_networks.py [--pairs N] [--passes P] [--seed S] [--skip-peers]

Rail: random pairs of nodes of the bundled rail network in RU/BY/KZ/CN/UA/MN (fixed seed),
corridor (`cargo bench --bench networks`) against scgraph 2.15's `world_railways` GeoGraph
(PyPI scgraph==2.15.0 + scgraph-data 2.0.0; scgraph 3 no longer reads scgraph-data 2).
Sea: random pairs of Eurasian ports from the bundled gazetteer, corridor against searoute
1.6 and scgraph's `marnet` GeoGraph. Peers are installed with pip if missing. Prints a
Markdown table for BENCHMARKS.md: queries/s per tool, network load time, and corridor's
speed-up. Every tool is treated alike: load the network, answer one warm-up query (counted in
"load + first query": searoute, for one, builds its graph on the first call), then answer all
pairs P times; queries/s is from the fastest pass.
"""
import argparse, gzip, importlib, json, os, random, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def ensure(pkgs):
    for mod, spec in pkgs:
        try:
            importlib.import_module(mod)
        except ImportError:
            subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", spec], check=True)


def rail_pairs(n, rng):
    rows = [l.split("\t") for l in gzip.open(os.path.join(ROOT, "networks/rail/nodes.tsv.gz"), "rt").read().splitlines()[1:]]
    pool = [r for r in rows if r[3] in ("RU", "BY", "KZ", "CN", "UA", "MN")]
    return [tuple(map(float, (a[1], a[2], b[1], b[2]))) for a, b in ((rng.choice(pool), rng.choice(pool)) for _ in range(n))]


def sea_pairs(n, rng):
    ports = []
    for line in open(os.path.join(ROOT, "gazetteer/places.tsv"), encoding="utf-8").read().splitlines()[1:]:
        f = line.split("\t")
        if f[2] == "seaport" and f[3] in ("RU", "CN", "KP", "TR", "AE", "IR", "KR", "JP", "NL", "DE"):
            ports.append((float(f[5]), float(f[4])))
    return [(*rng.choice(ports), *rng.choice(ports)) for _ in range(n)]


def corridor(kind, pairs, passes):
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as f:
        for p in pairs:
            f.write("%f %f %f %f\n" % p)
    out = subprocess.run(["cargo", "bench", "--quiet", "--bench", "networks", "--", kind, f.name, str(passes)],
                         cwd=ROOT, check=True, capture_output=True, text=True).stdout
    os.unlink(f.name)
    return json.loads(out.strip().splitlines()[-1])


def time_peer(name, load, query, pairs, passes):
    t0 = time.perf_counter()
    graph = load()
    try:
        query(graph, pairs[0])
    except Exception:
        pass
    load_s = time.perf_counter() - t0
    best = float("inf")
    for _ in range(passes):
        t1 = time.perf_counter()
        found = 0
        for p in pairs:
            try:
                query(graph, p)
                found += 1
            except Exception:
                pass
        best = min(best, time.perf_counter() - t1)
    return {"network": name, "load_s": load_s, "queries": len(pairs), "found": found, "total_s": best}


def row(tool, r, base=None):
    qps = r["queries"] / r["total_s"] if r["total_s"] else float("inf")
    speed = "" if base is None else "%.0f×" % (qps / (base["queries"] / base["total_s"]))
    return "| %s | %d | %d | %.1f | %.0f ms | %s |" % (tool, r["queries"], r["found"], qps, r["load_s"] * 1000, speed)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairs", type=int, default=50)
    ap.add_argument("--passes", type=int, default=3)
    ap.add_argument("--seed", type=int, default=20261125)
    ap.add_argument("--skip-peers", action="store_true")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    print("| tool | queries | routed | queries/s | load + first query | corridor's speed-up |")
    print("|---|---:|---:|---:|---:|---:|")
    rp = rail_pairs(a.pairs, rng)
    ours = corridor("rail", rp, a.passes)
    peers = []
    if not a.skip_peers:
        ensure([("scgraph", "scgraph==2.15.0"), ("scgraph_data", "scgraph-data==2.0.0")])
        def load_rail():
            from scgraph_data.world_railways import world_railways_geograph
            return world_railways_geograph
        def q(g, p):
            return g.get_shortest_path(origin_node={"latitude": p[1], "longitude": p[0]},
                                       destination_node={"latitude": p[3], "longitude": p[2]}, output_units="km")["length"]
        peers.append(("scgraph 2.15 world_railways", time_peer("rail", load_rail, q, rp, a.passes)))
    print(row("corridor rail", ours))
    for name, r in peers:
        print(row(name, r) + "")
        print("| (corridor vs %s) | | | | | %s |" % (name, "%.0f×" % ((ours["queries"] / ours["total_s"]) / (r["queries"] / r["total_s"]))))
    sp = sea_pairs(a.pairs, rng)
    ours = corridor("sea", sp, a.passes)
    print(row("corridor sea", ours))
    if not a.skip_peers:
        ensure([("searoute", "searoute==1.6.0")])
        import searoute
        def q_sr(_, p):
            return searoute.searoute((p[0], p[1]), (p[2], p[3]), units="km").properties["length"]
        def q_sc(g, p):
            return g.get_shortest_path(origin_node={"latitude": p[1], "longitude": p[0]},
                                       destination_node={"latitude": p[3], "longitude": p[2]}, output_units="km")["length"]
        def load_marnet():
            from scgraph.geographs.marnet import marnet_geograph
            return marnet_geograph
        for name, r in [("searoute 1.6", time_peer("sea", lambda: None, q_sr, sp, a.passes)),
                        ("scgraph 2.15 marnet", time_peer("sea", load_marnet, q_sc, sp, a.passes))]:
            print(row(name, r))
            print("| (corridor vs %s) | | | | | %s |" % (name, "%.0f×" % ((ours["queries"] / ours["total_s"]) / (r["queries"] / r["total_s"]))))


if __name__ == "__main__":
    main()
