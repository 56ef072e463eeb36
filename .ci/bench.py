#!/usr/bin/env python3
"""make bench: the release server at volume, driven by wrk on kept-alive connections.

For each engine: generate the data if missing (`server generate`, idempotent), start the release
server, sign in as Fabrikam's referrals admin, drive each endpoint with wrk and print one table:
req/s, p50, p99, non-2xx, and each list's throughput as a share of the sign-in page's (the in-app
ceiling) in the same run. Afterwards the server log is read: a panic fails the run.

Environment: BENCH_ENGINES (sqlite,postgres), BENCH_DEALS (100000), BENCH_CUSTOMERS (1000000),
BENCH_SECONDS (8 per row), BENCH_SQLITE_URL, BENCH_POSTGRES_URL.
"""

import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVER = os.path.join(ROOT, "target/release/server")
ADDR = "127.0.0.1:3300"
BASE = f"http://{ADDR}"
EMAIL = "referrals@fabrikam.example"
PASSWORD = "cosell-demo"
SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))
DEALS = os.environ.get("BENCH_DEALS", "100000")
CUSTOMERS = os.environ.get("BENCH_CUSTOMERS", "1000000")
URLS = {
    "sqlite": os.environ.get("BENCH_SQLITE_URL", "sqlite://data/bench.db"),
    "postgres": os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/cosell_bench"),
}
# What a user types into the customer field, letter by letter and as a D-U-N-S number.
AUTOCOMPLETE = ["c", "co", "con", "contoso", "contoso l", "trey res", "wood", "northwind tr", "fourth cof", "velm", "900000000"]


def say(text):
    print(f"\033[1;34m==>\033[0m {text}", flush=True)


def env_for(url, addr=ADDR):
    env = dict(os.environ, DATABASE_URL=url, LEPTOS_SITE_ADDR=addr, LEPTOS_SITE_ROOT="target/site", RUST_LOG="warn")
    return env


def prepare(engine, url):
    if engine == "postgres":
        name = url.rsplit("/", 1)[1].split("?")[0]
        admin = url.rsplit("/", 1)[0] + "/postgres"
        made = subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], capture_output=True, text=True)
        if made.returncode != 0 and "already exists" not in made.stderr:
            sys.exit(f"could not create the benchmark database: {made.stderr}")
    say(f"{engine}: data ({DEALS} deals, {CUSTOMERS} customers; only what is missing is added)")
    subprocess.run([SERVER, "generate", "--deals", DEALS, "--customers", CUSTOMERS], env=env_for(url, "127.0.0.1:0"), cwd=ROOT, check=True)
    draft = subprocess.run([SERVER, "sample-draft"], env=env_for(url, "127.0.0.1:0"), cwd=ROOT, check=True, capture_output=True, text=True)
    return draft.stdout.strip().splitlines()[-1]


def wait_ready():
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"{BASE}/sign-in", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    sys.exit("the server did not start; see its log")


def sign_in():
    out = subprocess.run(
        ["curl", "-s", "-D", "-", "-o", "/dev/null", "--data-urlencode", f"email={EMAIL}", "--data-urlencode", f"password={PASSWORD}", f"{BASE}/api/session/sign-in"],
        capture_output=True, text=True, check=True,
    ).stdout
    cookies = [line.split(":", 1)[1].strip().split(";")[0] for line in out.splitlines() if line.lower().startswith("set-cookie:")]
    if not cookies:
        sys.exit(f"sign-in failed:\n{out}")
    return "; ".join(cookies)


def first_deal(cookie):
    page = subprocess.run(["curl", "-s", "-H", f"Cookie: {cookie}", f"{BASE}/referrals/outbound"], capture_output=True, text=True, check=True).stdout
    found = re.search(r'href="/deals/([0-9a-f-]{36})"', page)
    if not found:
        sys.exit("no deal on the Outbound page")
    return found.group(1)


def served_bytes(path, encoding):
    """What the server sends for `path` to a browser accepting `encoding` (the body as sent)."""
    request = urllib.request.Request(BASE + path, headers={"Accept-Encoding": encoding})
    with urllib.request.urlopen(request, timeout=10) as r:
        return len(r.read())


def first_load():
    """The wasm, JS and CSS the sign-in page links (the first visit's download), as served."""
    with urllib.request.urlopen(f"{BASE}/sign-in", timeout=10) as r:
        page = r.read().decode()
    files = re.findall(r'(?:href|src)="(/pkg/[^"]+\.(?:wasm|js|css))"', page)
    lines = ["\n| first load (sign-in page) | identity | gzip | brotli |", "|---|---:|---:|---:|"]
    for path in dict.fromkeys(files):
        sizes = [served_bytes(path, e) for e in ("identity", "gzip", "br")]
        lines.append(f"| `{path}` | " + " | ".join(f"{n:,}" for n in sizes) + " |")
    return "\n".join(lines)


def post_script(folder, name, content_type, bodies):
    """A wrk script that posts the bodies in turn."""
    path = os.path.join(folder, f"{name}.lua")
    quoted = ", ".join("[==[" + b + "]==]" for b in bodies)
    with open(path, "w") as f:
        f.write(
            'wrk.method = "POST"\n'
            f'wrk.headers["Content-Type"] = "{content_type}"\n'
            f"local bodies = {{{quoted}}}\nlocal i = 0\n"
            "request = function() i = i + 1; return wrk.format(nil, nil, nil, bodies[(i % #bodies) + 1]) end\n"
        )
    return path


def wrk(path, connections, cookie=None, script=None):
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{SECONDS}s", "--latency"]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    if script:
        cmd += ["-s", script]
    out = subprocess.run(cmd + [BASE + path], capture_output=True, text=True, check=True).stdout
    number = lambda pattern: re.search(pattern, out)
    rps = float(number(r"Requests/sec:\s+([\d.]+)").group(1))
    lat = {p: to_ms(v, u) for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)}
    non2xx = number(r"Non-2xx or 3xx responses:\s+(\d+)")
    errors = number(r"Socket errors:.*")
    return {"rps": rps, "p50": lat["50"], "p99": lat["99"], "bad": int(non2xx.group(1)) if non2xx else 0, "socket": errors.group(0) if errors else ""}


def to_ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run(engine, url, folder):
    draft = prepare(engine, url)
    log_path = os.path.join(tempfile.gettempdir(), f"cosell-bench-{engine}.log")
    say(f"{engine}: starting the server (log: {log_path})")
    with open(log_path, "w") as log:
        server = subprocess.Popen([SERVER], env=env_for(url), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_ready()
        loaded = first_load()
        cookie = sign_in()
        deal = first_deal(cookie)
        form = "application/x-www-form-urlencoded"
        suggest = post_script(folder, "suggest", form, [f"country=US&query={q.replace(' ', '+')}" for q in AUTOCOMPLETE])
        create = post_script(folder, "create", "application/json", [draft])
        rows = [
            ("sign-in page (ceiling)", "/sign-in", 4, None, None),
            ("Outbound, first page", "/referrals/outbound", 4, cookie, None),
            ("Outbound, deep page by value", "/referrals/outbound?sort=value&dir=desc&after=4500000~m", 4, cookie, None),
            ("Outbound, filtered (Co-sell, closing in 2027)", "/referrals/outbound?type=CoSell&from=2027-01-01&to=2027-12-31", 4, cookie, None),
            ("Outbound, search for a customer", "/referrals/outbound?q=woodgrove+bank+labs", 4, cookie, None),
            ("Outbound, search for a common word", "/referrals/outbound?q=contoso", 4, cookie, None),
            ("Outbound, search for a rare word", "/referrals/outbound?q=velmar", 4, cookie, None),
            ("Inbound", "/referrals/inbound", 4, cookie, None),
            ("deal page", f"/deals/{deal}", 4, cookie, None),
            ("customer autocomplete (11 queries in turn)", "/api/directory/customers", 16, cookie, suggest),
            ("create a deal", "/api/deals/create", 4, cookie, create),
            ("sign-in page (ceiling)", "/sign-in", 64, None, None),
            ("Outbound, first page", "/referrals/outbound", 64, cookie, None),
            ("Inbound", "/referrals/inbound", 64, cookie, None),
        ]
        results = []
        for name, path, connections, with_cookie, script in rows:
            say(f"{engine}: {name}, {connections} connections")
            results.append((name, path, connections, wrk(path, connections, with_cookie, script)))
    finally:
        server.terminate()
        server.wait()
    panics = open(log_path).read().count("panicked")
    return results, panics, loaded


def table(engine, results, panics, loaded):
    ceiling = {c: r["rps"] for name, _, c, r in results if name.startswith("sign-in")}
    lines = [
        f"\n### {engine}\n",
        "| what | connections | req/s | p50 | p99 | non-2xx | of the ceiling |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, path, connections, r in results:
        share = "" if name.startswith("sign-in") else f"{100 * r['rps'] / ceiling[connections]:.1f} %" if connections in ceiling else ""
        bad = str(r["bad"]) + (f" ({r['socket']})" if r["socket"] else "")
        lines.append(f"| {name} `{path}` | {connections} | {r['rps']:,.0f} | {r['p50']:.2f} ms | {r['p99']:.2f} ms | {bad} | {share} |")
    lines.append(f"\nServer log: {panics} panics.")
    lines.append(loaded)
    return "\n".join(lines)


def main():
    for tool in ["wrk", "curl"]:
        if subprocess.run(["which", tool], capture_output=True).returncode != 0:
            sys.exit(f"{tool} is missing: run `bash .ci/setup.sh --bench` (make bench does)")
    engines = os.environ.get("BENCH_ENGINES", "sqlite,postgres").split(",")
    report = []
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        for engine in engines:
            results, panics, loaded = run(engine, URLS[engine], folder)
            report.append(table(engine, results, panics, loaded))
            failed |= panics > 0 or any(r["bad"] for *_, r in results)
    print("\n".join(report))
    if failed:
        sys.exit("\na run had non-2xx responses or the server panicked")


if __name__ == "__main__":
    main()
