"""Turns the runs of scripts/bench.sh into the ratio table: detect-server on both OpenCV engines against the Flask
design (on OpenCV 4.6 and on the newest pip OpenCV) and against each engine's bare-OpenCV ceiling.

Usage: python3 bench_report.py RUNS.jsonl SUMMARY.json [--json]
RUNS.jsonl holds one JSON object per line, each with "kind":
  "client"  a `detect-client bench --json` object plus "server" (ours, source, flask46, flasknew), "round";
  "rss"     {"server", "round", "peak_rss_kb", "processes"};
  "ceiling" a `detect-ceiling --json` object plus "engine" (system, source; absent: system), "round";
  "ceiling_adjacent" the same for one layout ("layout": 1xS right before that engine's server at c=1, 2xS right
            after it at c=4);
  "machine" {"cores", "cpu", "kernel", "opencv_ours", "opencv_source", "opencv_flask46", "opencv_flasknew", ...};
  "sigv4"   a `sigv4-bench --json` object; "uploads" a `measure-uploads.py --json` object; "lambda" a
            `measure-lambda.py --json` object plus "engine" (the client-side part, when it ran).
Every figure in the table is the median over rounds. Writes SUMMARY.json and prints the table (or, with --json,
the summary). Standard library only.
"""

import json
import re
import statistics
import sys

QUIET_PERCENT = 20
SERVERS = [("ours", "detect-server, system"), ("source", "detect-server, source"),
           ("flask46", "Flask + OpenCV 4.6"), ("flasknew", "Flask + OpenCV newest")]
# Each of our servers and the engine (OpenCV build) it runs on.
ENGINES = [("ours", "system"), ("source", "source")]


def median(values):
    values = [value for value in values if value is not None]
    return statistics.median(values) if values else None


def ratio(numerator, denominator):
    return numerator / denominator if numerator and denominator else None


def met(value, test):
    return None if value is None else bool(test(value))


def engine_of(run):
    return run.get("engine", "system")


def summarise_ceiling(ceilings):
    """Medians per layout over rounds, the best throughput and the best single-net per-image time."""
    layouts = {}
    for ceiling in ceilings:
        for layout in ceiling["layouts"]:
            layouts.setdefault(layout["layout"], []).append(layout)
    summary = {"layouts": {
        name: {"images_per_second": median(m["images_per_second"] for m in measured),
               "p50_ms": median(m["p50_ms"] for m in measured),
               "cpu_ms_per_image": median(m.get("cpu_ms_per_image") for m in measured)}
        for name, measured in layouts.items()
    }}
    if layouts:
        best = max(summary["layouts"].items(), key=lambda item: item[1]["images_per_second"])
        single = {name: m for name, m in summary["layouts"].items() if name.startswith("1x")}
        fastest = min((single or summary["layouts"]).items(), key=lambda item: item[1]["p50_ms"])
        summary["images_per_second"] = best[1]["images_per_second"]
        summary["throughput_layout"] = best[0]
        summary["per_image_ms"] = fastest[1]["p50_ms"]
        summary["latency_layout"] = fastest[0]
    return summary


def summarise(runs):
    machine = next((run for run in runs if run["kind"] == "machine"), {})
    summary = {"machine": machine, "servers": {}, "ceiling": {}, "ratios": {}, "targets": {}}
    for key, _ in SERVERS:
        entry = {}
        for concurrency in (1, 4):
            of = [r for r in runs if r["kind"] == "client" and r["server"] == key and r["concurrency"] == concurrency]
            entry[f"c{concurrency}"] = {
                "requests_per_second": median(r["requests_per_second"] for r in of),
                "p50_ms": median(r["p50_ms"] for r in of),
                "p95_ms": median(r["p95_ms"] for r in of),
                "failures": sum(r["failures"] for r in of),
                "cpu_ms_per_request": median(
                    1000 * r["cpu_ticks"] / r["ticks_per_second"] / r["requests_with_warmup"] for r in of),
                "rounds": [r["requests_per_second"] for r in of],
                "other_cpu_percent": median(r.get("other_cpu_percent") for r in of),
            }
        entry["peak_rss_mb"] = median(
            r["peak_rss_kb"] / 1024 for r in runs if r["kind"] == "rss" and r["server"] == key)
        summary["servers"][key] = entry
    servers, ratios, targets = summary["servers"], summary["ratios"], summary["targets"]

    def per_round(key, concurrency=4, field="requests_per_second"):
        return {r["round"]: r[field] for r in runs
                if r["kind"] == "client" and r["server"] == key and r["concurrency"] == concurrency}

    summary["paired_c4"], summary["paired_c1_p50_minus_ceiling_ms"], summary["adjacent"] = {}, {}, {}
    for key, engine in ENGINES:
        ceilings = [r for r in runs if r["kind"] == "ceiling" and engine_of(r) == engine]
        ceiling = summary["ceiling"][engine] = summarise_ceiling(ceilings)
        rate, p50 = servers[key]["c4"]["requests_per_second"], servers[key]["c1"]["p50_ms"]
        ratios[f"{key}_over_ceiling_c4"] = ratio(rate, ceiling.get("images_per_second"))
        ratios[f"{key}_over_flask46_c4"] = ratio(rate, servers["flask46"]["c4"]["requests_per_second"])
        ratios[f"{key}_over_flasknew_c4"] = ratio(rate, servers["flasknew"]["c4"]["requests_per_second"])
        ratios[f"{key}_p50_c1_minus_ceiling_ms"] = (
            p50 - ceiling["per_image_ms"] if p50 is not None and "per_image_ms" in ceiling else None)
        ratios[f"{key}_p50_c1_over_flasknew"] = ratio(p50, servers["flasknew"]["c1"]["p50_ms"])
        ratios[f"{key}_rss_over_flask46"] = ratio(servers[key]["peak_rss_mb"], servers["flask46"]["peak_rss_mb"])
        ratios[f"{key}_rss_over_flasknew"] = ratio(servers[key]["peak_rss_mb"], servers["flasknew"]["peak_rss_mb"])
        # Work per request, which time-sharing with other load does not change much: CPU time (all threads and
        # processes of the server) per request at c=4. A ratio above 1 means ours costs less per request.
        cpu = servers[key]["c4"]["cpu_ms_per_request"]
        best_layout = ceiling.get("layouts", {}).get(ceiling.get("throughput_layout"), {})
        ratios[f"cpu_flask46_over_{key}_c4"] = ratio(servers["flask46"]["c4"]["cpu_ms_per_request"], cpu)
        ratios[f"cpu_flasknew_over_{key}_c4"] = ratio(servers["flasknew"]["c4"]["cpu_ms_per_request"], cpu)
        ratios[f"cpu_ceiling_over_{key}_c4"] = ratio(best_layout.get("cpu_ms_per_image"), cpu)

        # Ratios within each round (the contestants of one round ran minutes apart, the rounds possibly under
        # different load), then their median over rounds: less sensitive to load that comes and goes.
        ours_rounds = per_round(key)
        ceiling_rounds = {r["round"]: r["best_throughput"]["images_per_second"] for r in ceilings}
        paired = {}
        for other_key, other in (("ceiling", ceiling_rounds), ("flask46", per_round("flask46")),
                                 ("flasknew", per_round("flasknew"))):
            values = [ours_rounds[n] / other[n] for n in ours_rounds if n in other and other[n]]
            paired[other_key] = {"per_round": values, "median": median(values)}
        summary["paired_c4"][key] = paired
        ours_c1 = per_round(key, 1, "p50_ms")
        ceiling_c1 = {r["round"]: min(m["p50_ms"] for m in ([m for m in r["layouts"] if m["nets"] == 1] or r["layouts"]))
                      for r in ceilings}
        differences = [ours_c1[n] - ceiling_c1[n] for n in ours_c1 if n in ceiling_c1]
        summary["paired_c1_p50_minus_ceiling_ms"][key] = {"per_round": differences, "median": median(differences)}

        # Against the ceiling measured seconds away (just before the server at c=1, just after it at c=4).
        def adjacent(layout, field):
            return {r["round"]: r["layouts"][0][field] for r in runs
                    if r["kind"] == "ceiling_adjacent" and engine_of(r) == engine and r.get("layout") == layout
                    and r["layouts"]}
        c1_next, c4_next = adjacent("1xS", "p50_ms"), adjacent("2xS", "images_per_second")
        c1_gaps = [ours_c1[n] - c1_next[n] for n in ours_c1 if n in c1_next]
        c4_ratios = [ours_rounds[n] / c4_next[n] for n in ours_rounds if n in c4_next and c4_next[n]]
        summary["adjacent"][key] = {
            "c1_p50_minus_ceiling_1xS_ms": {"per_round": c1_gaps, "median": median(c1_gaps)},
            "c4_over_ceiling_2xS": {"per_round": c4_ratios, "median": median(c4_ratios)},
        }

    # The targets: the source engine against the Flask design on the newest pip OpenCV and against its own ceiling;
    # the system engine against its ceiling and against the Flask design on the same OpenCV.
    targets["source: c=4 throughput >= 1.15 x Flask newest"] = met(ratios["source_over_flasknew_c4"], lambda v: v >= 1.15)
    targets["source: c=1 p50 below Flask newest"] = met(ratios["source_p50_c1_over_flasknew"], lambda v: v < 1)
    targets["source: peak RSS below Flask newest"] = met(ratios["source_rss_over_flasknew"], lambda v: v < 1)
    targets["source: c=4 throughput >= 0.95 x its ceiling"] = met(ratios["source_over_ceiling_c4"], lambda v: v >= 0.95)
    targets["system: c=4 throughput >= 0.95 x its ceiling"] = met(ratios["ours_over_ceiling_c4"], lambda v: v >= 0.95)
    targets["system: peak RSS below Flask 4.6"] = met(ratios["ours_rss_over_flask46"], lambda v: v < 1)

    # The same c=4 throughput ratios over quiet runs only (other load at most QUIET_PERCENT), when every server had one.
    quiet = {}
    for key, _ in SERVERS:
        rates = [r["requests_per_second"] for r in runs
                 if r["kind"] == "client" and r["server"] == key and r["concurrency"] == 4
                 and r.get("other_cpu_percent") is not None and r["other_cpu_percent"] <= QUIET_PERCENT]
        quiet[key] = {"runs": len(rates), "requests_per_second": median(rates)}
    summary["quiet_c4"] = quiet

    client = {}
    for kind in ("sigv4", "uploads"):
        found = [r for r in runs if r["kind"] == kind]
        if found:
            client[kind] = found[-1]
    for r in runs:
        if r["kind"] == "lambda":
            client.setdefault("lambda", {})[engine_of(r)] = r
    summary["client_side"] = client
    if "sigv4" in client:
        ratios["sigv4_min_ratio_over_botocore"] = min(
            (k["ratio"] for k in client["sigv4"]["kinds"] if k.get("ratio")), default=None)
        targets["sigv4 >= 10 x botocore"] = met(ratios["sigv4_min_ratio_over_botocore"], lambda v: v >= 10)
    if "uploads" in client:
        ratios["uploads_boto3_over_ours"] = client["uploads"].get("boto3_over_ours")
        targets["uploads faster than boto3"] = met(ratios["uploads_boto3_over_ours"], lambda v: v > 1)
    for engine, measured in client.get("lambda", {}).items():
        cold = measured.get("modes", {}).get("no_warm_up", {})
        ratios[f"lambda_init_ms_{engine}"] = cold.get("init_ms")
        targets[f"{engine}: Lambda cold start (init) <= 300 ms"] = met(cold.get("init_ms"), lambda v: v <= 300)

    summary["failures"] = sum(servers[key][c]["failures"] for key, _ in SERVERS for c in ("c1", "c4"))
    return summary


def text(summary):
    def number(value, fmt):
        width = int(re.match(r"[+]?(\d*)", fmt).group(1) or 0)
        return format(value, fmt) if value is not None else "n/a".rjust(width)

    machine, servers, ratios = summary["machine"], summary["servers"], summary["ratios"]
    lines = [
        f"machine: {machine.get('cores')} cores ({machine.get('cpu', '?')}), {machine.get('kernel', '?')}; "
        f"{machine.get('rounds')} rounds, {machine.get('requests')} requests per run, "
        f"{machine.get('images')} images",
        f"detect-server {machine.get('server_options', '')} on OpenCV {machine.get('opencv_ours')} (system) and "
        f"{machine.get('opencv_source')} (source); Flask: gunicorn -w 2 on OpenCV {machine.get('opencv_flask46')} and "
        f"{machine.get('opencv_flasknew')}, cv2 threads {machine.get('flask_opencv_threads') or 'OpenCV default'}",
        "figures: medians over rounds; 'other load %': CPU used meanwhile by everything but the server "
        "(load driver included), in % of all cores",
        "",
        f"{'':30}{'c=4 req/s':>10}{'c=1 req/s':>11}{'c=1 p50 ms':>12}{'c=4 p50 ms':>12}{'peak RSS MB':>13}"
        f"{'CPU ms/req c=4':>16}{'other load %':>14}",
    ]
    for key, name in SERVERS:
        entry = servers[key]
        lines.append(
            f"{name:30}{number(entry['c4']['requests_per_second'], '10.2f')}"
            f"{number(entry['c1']['requests_per_second'], '11.2f')}{number(entry['c1']['p50_ms'], '12.2f')}"
            f"{number(entry['c4']['p50_ms'], '12.2f')}{number(entry['peak_rss_mb'], '13.1f')}"
            f"{number(entry['c4']['cpu_ms_per_request'], '16.1f')}"
            f"{number(entry['c4']['other_cpu_percent'], '14.0f')}")
    for _, engine in ENGINES:
        ceiling = summary["ceiling"][engine]
        if "images_per_second" not in ceiling:
            continue
        best = ceiling["layouts"][ceiling["throughput_layout"]]
        lines.append(
            f"{'ceiling, ' + engine + ' (' + ceiling['throughput_layout'] + ')':30}{ceiling['images_per_second']:10.2f}"
            f"{'':11}{ceiling['per_image_ms']:12.2f}{'':12}{'':13}{number(best['cpu_ms_per_image'], '16.1f')}")
        lines.append(f"  (c=1 column: per-image p50 of layout {ceiling['latency_layout']}; layouts nets x threads: "
                     + ", ".join(f"{name} {m['images_per_second']:.2f}/s {m['p50_ms']:.1f} ms"
                                 for name, m in sorted(ceiling["layouts"].items())) + ")")
    lines.append("")
    for key, engine in ENGINES:
        paired, adjacent = summary["paired_c4"][key], summary["adjacent"][key]
        lines += [
            f"{engine} engine:",
            f"  / its ceiling, c=4 throughput          {number(ratios[f'{key}_over_ceiling_c4'], '6.3f')}"
            f"   within rounds {number(paired['ceiling']['median'], '.3f')}, against the 2xS ceiling run right after "
            f"{number(adjacent['c4_over_ceiling_2xS']['median'], '.3f')}",
            f"  / Flask + OpenCV 4.6, c=4              {number(ratios[f'{key}_over_flask46_c4'], '6.3f')}"
            f"   within rounds {number(paired['flask46']['median'], '.3f')}",
            f"  / Flask + newest OpenCV, c=4           {number(ratios[f'{key}_over_flasknew_c4'], '6.3f')}"
            f"   within rounds {number(paired['flasknew']['median'], '.3f')}",
            f"  c=1 p50 / Flask + newest OpenCV's      {number(ratios[f'{key}_p50_c1_over_flasknew'], '6.3f')}",
            f"  c=1 p50 - its ceiling's per-image ms   {number(ratios[f'{key}_p50_c1_minus_ceiling_ms'], '+6.2f')}"
            f"   against the 1xS ceiling run right before "
            f"{number(adjacent['c1_p50_minus_ceiling_1xS_ms']['median'], '+.2f')}",
            f"  peak RSS / Flask 4.6, / Flask newest   {number(ratios[f'{key}_rss_over_flask46'], '6.3f')} "
            f"{number(ratios[f'{key}_rss_over_flasknew'], '6.3f')}",
            f"  CPU per request at c=4, other / ours (> 1: ours spends less): ceiling "
            f"{number(ratios[f'cpu_ceiling_over_{key}_c4'], '.3f')}, Flask 4.6 "
            f"{number(ratios[f'cpu_flask46_over_{key}_c4'], '.3f')}, Flask newest "
            f"{number(ratios[f'cpu_flasknew_over_{key}_c4'], '.3f')}",
        ]
    quiet = summary["quiet_c4"]
    lines.append(
        f"c=4 runs with other load <= {QUIET_PERCENT}%: " + ", ".join(
            f"{name} {quiet[key]['runs']} (median {number(quiet[key]['requests_per_second'], '.2f')} req/s)"
            for key, name in SERVERS))
    client = summary["client_side"]
    if client:
        lines += ["", "client side and the Lambda function (against MiniStack):"]
    if "sigv4" in client:
        sigv4 = client["sigv4"]
        lines.append(f"  SigV4 signatures/s, AWSKitLite vs botocore {sigv4.get('botocore')}:")
        for kind in sigv4["kinds"]:
            lines.append(f"    {kind['name']:26}{kind['awskitlite_per_second']:12,.0f}"
                         f"{number(kind.get('botocore_per_second'), '12,.0f')}   {number(kind.get('ratio'), '6.1f')}x")
    if "uploads" in client:
        uploads = client["uploads"]
        medians = uploads.get("medians", {})
        lines.append(
            f"  uploads of {uploads.get('images', '?')} images, concurrency {uploads.get('concurrency', '?')}, median of "
            f"{len(uploads.get('rounds', []))} interleaved rounds: detect-client aws --upload-only "
            f"{number(medians.get('ours_seconds'), '.3f')} s (whole process {number(medians.get('ours_process_seconds'), '.3f')} s), "
            f"boto3 upload_file {number(medians.get('boto3_seconds'), '.3f')} s: boto3 / ours "
            f"{number(uploads.get('boto3_over_ours'), '.2f')}")
    for engine, measured in sorted(client.get("lambda", {}).items()):
        for mode, title in (("no_warm_up", "default"), ("warm_up", "DETECT_WARM_UP=1")):
            entry = measured.get("modes", {}).get(mode)
            if not entry:
                continue
            lines.append(
                f"  Lambda function, {engine} engine: init {entry['init_ms']:.0f} ms ({title}); per event: "
                f"S3 get {entry['s3_get_ms']:.1f} ms, detect {entry['inference_ms']:.1f} ms, DynamoDB put "
                f"{entry['put_ms']:.1f} ms, overhead beyond detection {entry['overhead_ms']:.1f} ms")
    lines += ["", "targets:"]
    lines += [f"  {'met    ' if value else 'NOT MET' if value is False else 'n/a    '}  {name}"
              for name, value in summary["targets"].items()]
    if summary["failures"]:
        lines.append(f"WARNING: {summary['failures']} requests failed across the runs")
    return "\n".join(lines)


def main():
    runs_path, summary_path = sys.argv[1], sys.argv[2]
    with open(runs_path) as handle:
        runs = [json.loads(line) for line in handle if line.strip()]
    summary = summarise(runs)
    with open(summary_path, "w") as handle:
        json.dump(summary, handle, indent=2, sort_keys=True)
    print(json.dumps(summary, sort_keys=True) if "--json" in sys.argv[3:] else text(summary))


if __name__ == "__main__":
    main()
