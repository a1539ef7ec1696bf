"""Turns the runs of scripts/bench.sh into the ratio table of issue "[5/5] Performance".

Usage: python3 bench_report.py RUNS.jsonl SUMMARY.json [--json]
RUNS.jsonl holds one JSON object per line, each with "kind":
  "client"  a `detect-client bench --json` object plus "server", "round";
  "rss"     {"server", "round", "peak_rss_kb", "processes"};
  "ceiling" a `detect-ceiling --json` object plus "round";
  "ceiling_adjacent" the same for one layout ("layout": 1xS right before ours at c=1, 2xS right after ours at c=4);
  "machine" {"cores", "cpu", "kernel", "opencv_ours", "opencv_flask46", "opencv_flasknew", ...};
  "sigv4"   a `sigv4-bench --json` object; "uploads" a `measure-uploads.py --json` object; "lambda" a
            `measure-lambda.py --json` object (the client-side part, when it ran).
Every figure in the table is the median over rounds. Writes SUMMARY.json and prints the table (or, with --json,
the summary). Standard library only.
"""

import json
import re
import statistics
import sys

QUIET_PERCENT = 20
SERVERS = [("ours", "detect-server"), ("flask46", "Flask + OpenCV 4.6"), ("flasknew", "Flask + OpenCV newest")]


def median(values):
    values = [value for value in values if value is not None]
    return statistics.median(values) if values else None


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

    ceilings = [r for r in runs if r["kind"] == "ceiling"]
    layouts = {}
    for ceiling in ceilings:
        for layout in ceiling["layouts"]:
            layouts.setdefault(layout["layout"], []).append(layout)
    summary["ceiling"]["layouts"] = {
        name: {"images_per_second": median(m["images_per_second"] for m in measured),
               "p50_ms": median(m["p50_ms"] for m in measured),
               "cpu_ms_per_image": median(m.get("cpu_ms_per_image") for m in measured)}
        for name, measured in layouts.items()
    }
    if layouts:
        best = max(summary["ceiling"]["layouts"].items(), key=lambda item: item[1]["images_per_second"])
        single = {name: m for name, m in summary["ceiling"]["layouts"].items() if name.startswith("1x")}
        fastest = min((single or summary["ceiling"]["layouts"]).items(), key=lambda item: item[1]["p50_ms"])
        summary["ceiling"]["images_per_second"] = best[1]["images_per_second"]
        summary["ceiling"]["throughput_layout"] = best[0]
        summary["ceiling"]["per_image_ms"] = fastest[1]["p50_ms"]
        summary["ceiling"]["latency_layout"] = fastest[0]

    servers, ceiling = summary["servers"], summary["ceiling"]
    ours4 = servers["ours"]["c4"]["requests_per_second"]

    def ratio(numerator, denominator):
        return numerator / denominator if numerator and denominator else None

    ratios = summary["ratios"]
    ratios["ours_over_ceiling_c4"] = ratio(ours4, ceiling.get("images_per_second"))
    ratios["ours_over_flask46_c4"] = ratio(ours4, servers["flask46"]["c4"]["requests_per_second"])
    ratios["ours_over_flasknew_c4"] = ratio(ours4, servers["flasknew"]["c4"]["requests_per_second"])
    ours_p50 = servers["ours"]["c1"]["p50_ms"]
    ratios["ours_p50_c1_minus_ceiling_ms"] = (
        ours_p50 - ceiling["per_image_ms"] if ours_p50 is not None and "per_image_ms" in ceiling else None)
    ratios["ours_rss_over_flask46"] = ratio(servers["ours"]["peak_rss_mb"], servers["flask46"]["peak_rss_mb"])
    ratios["ours_rss_over_flasknew"] = ratio(servers["ours"]["peak_rss_mb"], servers["flasknew"]["peak_rss_mb"])

    # Work per request, which time-sharing with other load does not change much: CPU time (all threads and processes
    # of the server) per request at c=4. A ratio above 1 means ours costs less per request.
    cpu = {key: servers[key]["c4"]["cpu_ms_per_request"] for key, _ in SERVERS}
    best_layout = ceiling.get("layouts", {}).get(ceiling.get("throughput_layout"), {})
    ratios["cpu_flask46_over_ours_c4"] = ratio(cpu["flask46"], cpu["ours"])
    ratios["cpu_flasknew_over_ours_c4"] = ratio(cpu["flasknew"], cpu["ours"])
    ratios["cpu_ceiling_over_ours_c4"] = ratio(best_layout.get("cpu_ms_per_image"), cpu["ours"])

    def met(value, test):
        return None if value is None else bool(test(value))

    summary["targets"] = {
        "throughput_vs_ceiling_ge_0.95": met(ratios["ours_over_ceiling_c4"], lambda v: v >= 0.95),
        "throughput_vs_flask46_ge_1.25": met(ratios["ours_over_flask46_c4"], lambda v: v >= 1.25),
        "throughput_vs_flasknew_ge_1.0 (stretch)": met(ratios["ours_over_flasknew_c4"], lambda v: v >= 1.0),
        "p50_c1_within_2ms_of_ceiling": met(ratios["ours_p50_c1_minus_ceiling_ms"], lambda v: v <= 2.0),
        "rss_below_flask46": met(ratios["ours_rss_over_flask46"], lambda v: v < 1.0),
        "rss_below_flasknew": met(ratios["ours_rss_over_flasknew"], lambda v: v < 1.0),
    }
    # The same c=4 throughput ratios over quiet runs only (other load at most QUIET_PERCENT), when every server had one.
    quiet = {}
    for key, _ in SERVERS:
        rates = [r["requests_per_second"] for r in runs
                 if r["kind"] == "client" and r["server"] == key and r["concurrency"] == 4
                 and r.get("other_cpu_percent") is not None and r["other_cpu_percent"] <= QUIET_PERCENT]
        quiet[key] = {"runs": len(rates), "requests_per_second": median(rates)}
    summary["quiet_c4"] = quiet
    if all(entry["runs"] for entry in quiet.values()):
        ratios["quiet_ours_over_flask46_c4"] = ratio(
            quiet["ours"]["requests_per_second"], quiet["flask46"]["requests_per_second"])
        ratios["quiet_ours_over_flasknew_c4"] = ratio(
            quiet["ours"]["requests_per_second"], quiet["flasknew"]["requests_per_second"])
    # Ratios within each round (the servers of one round ran minutes apart, the rounds possibly under different
    # load), then their median over rounds: less sensitive to load that comes and goes than a ratio of medians.
    def per_round(key, concurrency=4):
        return {r["round"]: r["requests_per_second"] for r in runs
                if r["kind"] == "client" and r["server"] == key and r["concurrency"] == concurrency}
    ours_rounds = per_round("ours")
    ceiling_rounds = {r["round"]: r["best_throughput"]["images_per_second"] for r in ceilings}
    paired = {}
    for key, other in (("ceiling", ceiling_rounds), ("flask46", per_round("flask46")), ("flasknew", per_round("flasknew"))):
        values = [ours_rounds[n] / other[n] for n in ours_rounds if n in other and other[n]]
        paired[key] = {"per_round": values, "median": median(values)}
    summary["paired_c4"] = paired
    ours_c1 = {r["round"]: r["p50_ms"] for r in runs
               if r["kind"] == "client" and r["server"] == "ours" and r["concurrency"] == 1}
    ceiling_c1 = {}
    for r in ceilings:
        single = [m for m in r["layouts"] if m["nets"] == 1] or r["layouts"]
        ceiling_c1[r["round"]] = min(m["p50_ms"] for m in single)
    differences = [ours_c1[n] - ceiling_c1[n] for n in ours_c1 if n in ceiling_c1]
    summary["paired_c1_p50_minus_ceiling_ms"] = {"per_round": differences, "median": median(differences)}

    # Ours against the ceiling measured seconds away (just before ours at c=1, just after ours at c=4).
    def adjacent(layout, field):
        return {r["round"]: r["layouts"][0][field] for r in runs
                if r["kind"] == "ceiling_adjacent" and r.get("layout") == layout and r["layouts"]}
    c1_next = adjacent("1xS", "p50_ms")
    c4_next = adjacent("2xS", "images_per_second")
    c1_gaps = [ours_c1[n] - c1_next[n] for n in ours_c1 if n in c1_next]
    c4_ratios = [ours_rounds[n] / c4_next[n] for n in ours_rounds if n in c4_next and c4_next[n]]
    summary["adjacent"] = {
        "c1_p50_minus_ceiling_1xS_ms": {"per_round": c1_gaps, "median": median(c1_gaps)},
        "c4_ours_over_ceiling_2xS": {"per_round": c4_ratios, "median": median(c4_ratios)},
    }
    summary["targets"]["p50_c1_within_2ms_of_adjacent_ceiling"] = met(median(c1_gaps), lambda v: v <= 2.0)
    summary["targets"]["throughput_vs_adjacent_ceiling_ge_0.95"] = met(median(c4_ratios), lambda v: v >= 0.95)

    client = {}
    for kind in ("sigv4", "uploads", "lambda"):
        found = [r for r in runs if r["kind"] == kind]
        if found:
            client[kind] = found[-1]
    summary["client_side"] = client
    if "sigv4" in client:
        ratios["sigv4_min_ratio_over_botocore"] = min(
            (k["ratio"] for k in client["sigv4"]["kinds"] if k.get("ratio")), default=None)
        summary["targets"]["sigv4_ge_10x_botocore"] = met(ratios["sigv4_min_ratio_over_botocore"], lambda v: v >= 10)
    if "uploads" in client:
        ratios["uploads_boto3_over_ours"] = client["uploads"].get("boto3_over_ours")
        summary["targets"]["uploads_faster_than_boto3"] = met(ratios["uploads_boto3_over_ours"], lambda v: v > 1)
    if "lambda" in client:
        cold = client["lambda"].get("modes", {}).get("no_warm_up", {})
        ratios["lambda_init_ms"] = cold.get("init_ms")
        summary["targets"]["lambda_init_below_300ms"] = met(ratios["lambda_init_ms"], lambda v: v < 300)

    summary["failures"] = sum(servers[key][c]["failures"] for key, _ in SERVERS for c in ("c1", "c4"))
    return summary


def text(summary):
    def number(value, fmt):
        width = int(re.match(r"[+]?(\d*)", fmt).group(1) or 0)
        return format(value, fmt) if value is not None else "n/a".rjust(width)

    machine, servers, ceiling, ratios = summary["machine"], summary["servers"], summary["ceiling"], summary["ratios"]
    lines = [
        f"machine: {machine.get('cores')} cores ({machine.get('cpu', '?')}), {machine.get('kernel', '?')}; "
        f"{machine.get('rounds')} rounds, {machine.get('requests')} requests per run, "
        f"{machine.get('images')} images",
        f"ours: detect-server {machine.get('server_options', '')} on OpenCV {machine.get('opencv_ours')}; "
        f"Flask: gunicorn -w 2 on OpenCV {machine.get('opencv_flask46')} and {machine.get('opencv_flasknew')}, "
        f"cv2 threads {machine.get('flask_opencv_threads') or 'OpenCV default'}",
        "figures: medians over rounds; 'other load %': CPU used meanwhile by everything but the server "
        "(load driver included), in % of all cores",
        "",
        f"{'':26}{'c=4 req/s':>10}{'c=1 req/s':>11}{'c=1 p50 ms':>12}{'c=4 p50 ms':>12}{'peak RSS MB':>13}"
        f"{'CPU ms/req c=4':>16}{'other load %':>14}",
    ]
    for key, name in SERVERS:
        entry = servers[key]
        lines.append(
            f"{name:26}{number(entry['c4']['requests_per_second'], '10.2f')}"
            f"{number(entry['c1']['requests_per_second'], '11.2f')}{number(entry['c1']['p50_ms'], '12.2f')}"
            f"{number(entry['c4']['p50_ms'], '12.2f')}{number(entry['peak_rss_mb'], '13.1f')}"
            f"{number(entry['c4']['cpu_ms_per_request'], '16.1f')}"
            f"{number(entry['c4']['other_cpu_percent'], '14.0f')}")
    if "images_per_second" in ceiling:
        best = ceiling["layouts"][ceiling["throughput_layout"]]
        lines.append(
            f"{'ceiling (' + ceiling['throughput_layout'] + ')':26}{ceiling['images_per_second']:10.2f}"
            f"{'':11}{ceiling['per_image_ms']:12.2f}{'':12}{'':13}{number(best['cpu_ms_per_image'], '16.1f')}")
        lines.append(f"  (ceiling c=1 column: per-image p50 of layout {ceiling['latency_layout']}; "
                     "layouts nets x threads: " + ", ".join(
                         f"{name} {m['images_per_second']:.2f}/s {m['p50_ms']:.1f} ms"
                         for name, m in sorted(ceiling["layouts"].items())) + ")")
    lines += [
        "",
        f"ours / ceiling, c=4 throughput          {number(ratios['ours_over_ceiling_c4'], '6.3f')}   (target >= 0.95)",
        f"ours / Flask (same OpenCV), c=4         {number(ratios['ours_over_flask46_c4'], '6.3f')}   (target >= 1.25)",
        f"ours / Flask (newest OpenCV), c=4       {number(ratios['ours_over_flasknew_c4'], '6.3f')}   (stretch >= 1.00)",
        f"ours c=1 p50 - ceiling per-image ms     {number(ratios['ours_p50_c1_minus_ceiling_ms'], '+6.2f')}   (target <= +2.00)",
        f"ours / Flask (same OpenCV), peak RSS    {number(ratios['ours_rss_over_flask46'], '6.3f')}   (target < 1)",
        f"ours / Flask (newest OpenCV), peak RSS  {number(ratios['ours_rss_over_flasknew'], '6.3f')}",
    ]
    lines += [
        "",
        "CPU per request at c=4 (less sensitive to other load than req/s; > 1 means ours spends less per image):",
        f"  ceiling / ours {number(ratios['cpu_ceiling_over_ours_c4'], '.3f')}, "
        f"Flask (same OpenCV) / ours {number(ratios['cpu_flask46_over_ours_c4'], '.3f')}, "
        f"Flask (newest OpenCV) / ours {number(ratios['cpu_flasknew_over_ours_c4'], '.3f')}",
    ]
    quiet = summary["quiet_c4"]
    lines.append(
        f"c=4 runs with other load <= {QUIET_PERCENT}%: " + ", ".join(
            f"{name} {quiet[key]['runs']} (median {number(quiet[key]['requests_per_second'], '.2f')} req/s)"
            for key, name in SERVERS))
    if "quiet_ours_over_flask46_c4" in ratios:
        lines.append(
            f"  over those runs only: ours / Flask (same OpenCV) {ratios['quiet_ours_over_flask46_c4']:.3f}, "
            f"ours / Flask (newest OpenCV) {ratios['quiet_ours_over_flasknew_c4']:.3f}")
    paired = summary["paired_c4"]
    lines.append(
        "c=4 ratios within each round, median over rounds: " + ", ".join(
            f"ours / {name} {number(paired[key]['median'], '.3f')} ("
            + " ".join(format(v, ".2f") for v in paired[key]["per_round"]) + ")"
            for key, name in (("ceiling", "ceiling"), ("flask46", "Flask (same OpenCV)"),
                              ("flasknew", "Flask (newest OpenCV)"))))
    paired_c1 = summary["paired_c1_p50_minus_ceiling_ms"]
    lines.append(
        f"c=1 p50 minus the ceiling's per-image p50 within each round, median over rounds: "
        f"{number(paired_c1['median'], '+.2f')} ms (" + " ".join(format(v, "+.1f") for v in paired_c1["per_round"]) + ")")
    adjacent = summary["adjacent"]
    if adjacent["c1_p50_minus_ceiling_1xS_ms"]["per_round"]:
        gaps, ratios_next = adjacent["c1_p50_minus_ceiling_1xS_ms"], adjacent["c4_ours_over_ceiling_2xS"]
        lines.append(
            f"against the ceiling measured right next to ours (1xS just before c=1, 2xS just after c=4), median over "
            f"rounds: c=1 p50 minus per-image p50 {number(gaps['median'], '+.2f')} ms ("
            + " ".join(format(v, "+.1f") for v in gaps["per_round"]) + "), c=4 ours / ceiling "
            f"{number(ratios_next['median'], '.3f')} (" + " ".join(format(v, ".2f") for v in ratios_next["per_round"]) + ")")
    client = summary["client_side"]
    if client:
        lines += ["", "client side and the Lambda function (against MiniStack):"]
    if "sigv4" in client:
        sigv4 = client["sigv4"]
        lines.append(f"  SigV4 signatures/s, AWSKitLite vs botocore {sigv4.get('botocore')} (target >= 10x):")
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
            f"{number(uploads.get('boto3_over_ours'), '.2f')} (target > 1)")
    if "lambda" in client:
        for mode, title in (("no_warm_up", "default; target < 300 ms"), ("warm_up", "DETECT_WARM_UP=1")):
            entry = client["lambda"].get("modes", {}).get(mode)
            if not entry:
                continue
            lines.append(
                f"  Lambda function, local mode: init {entry['init_ms']:.0f} ms ({title}); per event: "
                f"S3 get {entry['s3_get_ms']:.1f} ms, detect {entry['inference_ms']:.1f} ms, DynamoDB put "
                f"{entry['put_ms']:.1f} ms, overhead beyond detection {entry['overhead_ms']:.1f} ms")
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
