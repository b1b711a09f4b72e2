"""Concurrent writes through a real server: simultaneous idea posts from many addresses, one
address posting past the rate limit, and simultaneous workbook imports.

    python -m benchmarks.concurrency            # the embedded SQLite file (a temporary copy)
    DATABASE_URL=postgres://... python -m benchmarks.concurrency   # a scratch PostgreSQL DB
    REDIS_URL=redis://127.0.0.1:6379/0 ...                            # with the Redis cache

It creates its own database (SQLite file in a temporary directory, or the database named in
DATABASE_URL with "_concurrency" appended), loads the demo data, starts gunicorn with
WORKERS workers (DEBUG off) and prints what each kind of request answered. Not part of
`make bench`, which measures single requests.
"""

import http.cookiejar
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("CONCURRENCY_PORT", "8791"))
WORKERS = int(os.environ.get("WORKERS", "3"))
BASE = f"http://127.0.0.1:{PORT}"
IDEA_URL = f"{BASE}/ar/members/tetouan/ideas/new/"
SIMULTANEOUS_POSTS = 20
SAME_ADDRESS_POSTS = 40
IMPORT_ROUNDS = 5


def environment(workdir):
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "ctouvertes.settings",
            "SECRET_KEY": "concurrency-benchmark-secret-key-not-for-production-0123456789",
            "TRUSTED_PROXY_COUNT": "1",
            "MEDIA_ROOT": str(workdir / "media"),
            "PYTHONWARNINGS": "ignore",
        }
    )
    if env.get("DATABASE_URL"):
        url = urllib.parse.urlsplit(env["DATABASE_URL"])
        name = url.path.lstrip("/") + "_concurrency"
        admin_url = url._replace(path="/postgres").geturl()
        for statement in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
            subprocess.run(["psql", admin_url, "-qc", statement], check=True)
        env["DATABASE_URL"] = url._replace(path="/" + name).geturl()
        env["DATABASE_LABEL"] = "PostgreSQL"
    else:
        env["SQLITE_PATH"] = str(workdir / "db.sqlite3")
        env["DATABASE_LABEL"] = "SQLite (WAL)"
    return env


def manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, **kwargs
    )


def opener():
    return urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )


def request(browser, url, data=None, address="196.200.0.1"):
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    req = urllib.request.Request(url, data=body, headers={"X-Forwarded-For": address})
    if body is not None:
        req.add_header("Referer", url)
    try:
        with browser.open(req, timeout=120) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def idea_form(address):
    """A citizen's browser that opened the form: (browser, data to post)."""
    browser = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
    )
    status, html = request(browser, IDEA_URL, address=address)
    assert status == 200, status
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    stamp = re.search(r'name="form_stamp" value="([^"]+)"', html).group(1)
    data = {
        "csrfmiddlewaretoken": token,
        "form_stamp": stamp,
        "title": "نقل مدرسي للتلاميذ",
        "body": "توفير حافلة للنقل المدرسي لفائدة تلاميذ الدواوير البعيدة.",
        "submitter_kind": "citizen",
        "website": "",
    }
    return browser, data


def simultaneous(calls):
    """Run the calls at the same instant (threads released by one barrier); their results."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def posts(count, addresses):
    forms = [idea_form(address) for address in addresses]
    time.sleep(3)  # a form sent sooner after its page is refused as a robot's
    calls = [
        (lambda b=browser, d=data, a=address: request(b, IDEA_URL, d, a)[0])
        for (browser, data), address in zip(forms, addresses, strict=True)
    ]
    return Counter(simultaneous(calls))


IMPORT_URL = f"{BASE}/ar/admin/programmes/programme/import-workbook/"
FOCAL_POINT = ("focal-beni-ensar", "demo-ctouvertes-2026")


def multipart(fields, files):
    """``(body, content type)`` of a multipart/form-data POST."""
    boundary = "ctouvertes-benchmark-boundary"
    parts = []
    for name, value in fields.items():
        disposition = f'Content-Disposition: form-data; name="{name}"'
        parts.append(f"--{boundary}\r\n{disposition}\r\n\r\n{value}\r\n".encode())
    for name, (filename, content) in files.items():
        header = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        )
        parts.append(header.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def focal_point_browser():
    """A focal point's browser, logged in to the admin, on the workbook import page:
    ``(browser, csrf token, member id of Beni Ensar)``."""
    browser = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
    )
    login = f"{BASE}/ar/admin/login/"
    _, html = request(browser, login)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    username, password = FOCAL_POINT
    data = {"csrfmiddlewaretoken": token, "username": username, "password": password}
    status, _ = request(browser, login, data)
    assert status == 302, f"login: {status}"
    _, html = request(browser, IMPORT_URL)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    member = re.search(r'<option value="(\d+)"', html).group(1)
    return browser, token, member


def admin_import(browser, token, member, workbook):
    body, content_type = multipart(
        {"csrfmiddlewaretoken": token, "member": member},
        {"file": (workbook.name, workbook.read_bytes())},
    )
    req = urllib.request.Request(IMPORT_URL, data=body, headers={"Content-Type": content_type})
    req.add_header("Referer", IMPORT_URL)
    try:
        with browser.open(req, timeout=300) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def admin_imports(workbook):
    """Two focal points' browsers storing the same workbook at the same instant, in rounds:
    302 = stored (redirect to the programme), 200 = the page with problems, 500 = failure."""
    browsers = [focal_point_browser() for _ in range(2)]
    outcomes = Counter()
    for _ in range(IMPORT_ROUNDS):
        calls = [(lambda b=browser: admin_import(*b, workbook)) for browser in browsers]
        outcomes.update(simultaneous(calls))
    return outcomes


def imports(env, workbook):
    outcomes = Counter()
    for _ in range(IMPORT_ROUNDS):
        calls = [
            (
                lambda: (
                    manage(
                        env, "import_programme", str(workbook), "--member", "beni-ensar"
                    ).returncode
                )
            )
            for _ in range(2)
        ]
        outcomes.update("ok" if code == 0 else f"exit {code}" for code in simultaneous(calls))
    return outcomes


def main():
    workdir = Path(tempfile.mkdtemp(prefix="ctouvertes-concurrency-"))
    env = environment(workdir)
    cache = "Redis" if env.get("REDIS_URL") else "database table"
    print(f"database: {env['DATABASE_LABEL']}, cache: {cache}, gunicorn workers: {WORKERS}")
    manage(env, "migrate", "--noinput", check=True)
    manage(env, "load_demo", check=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "ctouvertes.wsgi", "-b", f"127.0.0.1:{PORT}",
         "-w", str(WORKERS), "--timeout", "120"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{BASE}/ar/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        started = time.perf_counter()
        many = posts(SIMULTANEOUS_POSTS, [f"196.200.1.{i}" for i in range(SIMULTANEOUS_POSTS)])
        print(
            f"{SIMULTANEOUS_POSTS} simultaneous idea posts from {SIMULTANEOUS_POSTS} addresses:"
            f" {dict(many)} in {time.perf_counter() - started:.1f} s (302 = stored)"
        )
        same = posts(SAME_ADDRESS_POSTS, ["196.200.2.1"] * SAME_ADDRESS_POSTS)
        print(
            f"{SAME_ADDRESS_POSTS} simultaneous posts from one address in as many browsers"
            f" (limit 30 per hour per address, {WORKERS} workers): {dict(same)}"
        )
        workbook = ROOT / "programmes" / "data" / "beni-ensar-2024-2025.xlsx"
        print(
            f"{IMPORT_ROUNDS} rounds of 2 simultaneous workbook imports through the admin"
            f" (302 = stored): {dict(admin_imports(workbook))}"
        )
        print(
            f"{IMPORT_ROUNDS} rounds of 2 simultaneous `import_programme` commands:"
            f" {dict(imports(env, workbook))}"
        )
    finally:
        server.terminate()
        server.wait()
        if env.get("SQLITE_PATH"):
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
