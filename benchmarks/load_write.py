"""Load test: concurrent firms write through gunicorn; then every acknowledged write must be there exactly once.

    .venv/bin/python benchmarks/load_write.py [--clients 8] [--seconds 20] [--workers N] [--threads T] [--browse]
        [--backends sqlite postgresql]

For each backend it migrates a fresh database, starts gunicorn on 127.0.0.1 with the repository's own
`gunicorn.conf.py` (the deployment settings: sync workers, two per core, app preloaded; --workers overrides the
count, --threads above 1 switches to gthread workers of that many threads), and runs concurrent
clients for a bounded time. Each client registers a firm (packaging or photonics), registers it for an open
workshop, then loops: post a challenge or capability, edit one of its own, delete one of its own, and (photonics
firms) request meetings with packaging firms. Half-way through, one gunicorn worker is killed with SIGKILL.
Afterwards it compares the database with what the server acknowledged (a redirect after the POST):
acknowledged creates minus acknowledged deletes are present exactly once, with the last acknowledged title;
every acknowledged meeting request exists; nothing is half-written (every capability has its technologies).
Writes whose answer never came (the killed worker's) may be present or absent, but never half-present; the
corpus version must have moved exactly once per committed change (counted in the audit log).
Prints requests/s, writes/s, p50/p99 latency and error counts per backend, and the CPU seconds the server
and this client spent (they share the machine's cores). Not a test: a measurement.

The clients speak HTTP with the standard library's http.client (one connection per firm, kept alive where the
server allows it: sync workers close it after each answer and the client reconnects; the session cookie kept by hand): on this machine ``requests`` spent about 2.4 ms of CPU per request, http.client 0.4 ms,
and the client's CPU is taken from the same cores the server runs on.
"""
from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
SECRET = "load-test-" + "k" * 40
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


@dataclass
class Ledger:
    """What one client was told by the server."""

    kind: str
    created: dict[int, str] = field(default_factory=dict)   # id -> last acknowledged title
    deleted: set[int] = field(default_factory=set)
    requested: set[int] = field(default_factory=set)       # recipient organisation ids
    maybe_deleted: set[int] = field(default_factory=set)   # deletes whose answer never came
    maybe_titles: dict[int, set[str]] = field(default_factory=dict)  # edits whose answer never came
    unknown: int = 0
    latencies: list[float] = field(default_factory=list)
    writes: int = 0
    errors: dict[str, int] = field(default_factory=dict)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_database(backend: str, folder: str) -> str:
    if backend == "sqlite":
        return f"sqlite:///{folder}/load.db"
    name = "matchmaker_load"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def server_environment(url: str) -> dict[str, str]:
    return dict(os.environ, MATCHMAKER_DATABASE_URL=url, MATCHMAKER_SECRET_KEY=SECRET)


def migrate_and_open_workshop(url: str) -> int:
    """Migrate the fresh database and open a workshop for the firms to register for."""
    import datetime as dt

    from flask_migrate import upgrade

    from matchmaker import create_app
    from matchmaker.enums import WorkshopStatus
    from matchmaker.extensions import db
    from matchmaker.workshops.models import Workshop

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET})
    with app.app_context():
        upgrade()
        workshop = Workshop(title="Load workshop", city="Alicante", venue="Hall", date=dt.date(2099, 1, 1),
                            first_start=dt.time(9, 0), slot_count=8, tables=6,
                            registration_deadline=dt.date(2099, 1, 1), status=WorkshopStatus.OPEN)
        db.session.add(workshop)
        db.session.commit()
        workshop_id = workshop.id
        db.engine.dispose()
    return workshop_id


class Browser:
    """One firm's connection: keep-alive HTTP/1.1 with its cookies, no redirects followed."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.connection = http.client.HTTPConnection(host, port, timeout=10)
        self.cookies: dict[str, str] = {}
        self.requests = 0

    def request(self, method: str, path: str, data: dict | None = None) -> tuple[int, dict[str, str], bytes]:
        headers = {"Host": f"{self.host}:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.requests += 1
        try:
            try:
                self.connection.request(method, path, body=body, headers=headers)
            except OSError:
                # The server closed this idle keep-alive connection (its worker was killed) before the request
                # went out: nothing was processed, so send it again on a fresh connection, as browsers do.
                self.connection.close()
                self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()  # the next request opens a fresh connection
            raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                cookie = rest.split(";", 1)[0]
                if cookie and "expires=thu, 01 jan 1970" not in value.lower():
                    self.cookies[name] = cookie
                else:
                    self.cookies.pop(name, None)
        return response.status, {key.lower(): value for key, value in response.getheaders()}, content


class Firm:
    """One client: a firm that registers, then writes until the deadline."""

    def __init__(self, port: int, kind: str, workshop_id: int, number: int, *, browse: bool = True) -> None:
        self.workshop_id, self.number, self.browse = workshop_id, number, browse
        self.http = Browser("127.0.0.1", port)
        self.ledger = Ledger(kind)
        self.route = "challenges" if kind == "packaging" else "capabilities"
        self.keep: int | None = None  # the item registered for the workshop is never deleted

    def token(self, path: str) -> str:
        match = CSRF.search(self.http.request("GET", path)[2].decode())
        return match.group(1) or match.group(2)

    def post(self, path: str, data: dict, *, expect: str, write: bool = True) -> dict[str, str] | None:
        """POST a form; the response headers when the server acknowledged it with a redirect to ``expect`` (a
        regular expression for the Location's path), else None. Any other redirect (to the login page, say)
        is not an acknowledgement."""
        start = time.perf_counter()
        try:
            status, headers, content = self.http.request("POST", path, data)
        except (OSError, http.client.HTTPException) as error:
            self.ledger.errors[type(error).__name__] = self.ledger.errors.get(type(error).__name__, 0) + 1
            self.ledger.unknown += write
            return None
        self.ledger.latencies.append(time.perf_counter() - start)
        location = re.sub(r"^https?://[^/]+", "", headers.get("location", ""))
        if status != 302 or not re.fullmatch(expect, location):
            key = f"HTTP {status} {re.sub(r'/[0-9]+', '/<id>', path)}" + (f" -> {location}" if location else "")
            if os.environ.get("LOAD_DEBUG"):
                print(key, re.findall(r'class="(?:error|flash[^"]*)"[^>]*>([^<]+)', content.decode())[:3])
            self.ledger.errors[key] = self.ledger.errors.get(key, 0) + 1
            return None
        self.ledger.writes += write
        if not self.browse:  # an API-like client: the redirect is the acknowledgement, no page follows
            return headers
        # Back on their dashboard, which shows (and so clears) the flash message, as a browser would.
        # (Not the item's page: its ranking would refit the index after every write, a cost measured elsewhere.)
        try:
            self.http.request("GET", f"/{self.route}/mine")
        except (OSError, http.client.HTTPException) as error:
            self.ledger.errors["GET " + type(error).__name__] = self.ledger.errors.get(
                "GET " + type(error).__name__, 0) + 1
        return headers

    def item_form(self, title: str) -> dict:
        if self.ledger.kind == "packaging":
            return {"title": title, "description": "Our trays leak after sealing; we need inline inspection.",
                    "keywords": "seal", "category": "inspection", "trl_target": "7", "visibility": "public",
                    "status": "open", "csrf_token": self.csrf}
        return {"title": title, "description": "Active thermography finds contaminated seals inline.",
                "keywords": "thermography", "technologies": ["thermography", "machine_vision"], "trl": "8",
                "status": "open", "csrf_token": self.csrf}

    def start(self) -> None:
        self.csrf = self.token("/auth/register")
        email = self.email = f"load-{self.number}-{uuid.uuid4().hex[:8]}@load.example"
        self.post("/auth/register", {"role": self.ledger.kind, "name": f"Load {self.number}", "email": email,
                                     "password": "load-test-pass-Xy7!", "confirm": "load-test-pass-Xy7!",
                                     "locale": "en", "organisation_name": f"Load firm {self.number} {email}",
                                     "country": "ES", "csrf_token": self.csrf}, expect="/dashboard", write=False)
        self.create()
        self.keep = next(iter(self.ledger.created))
        self.post(f"/workshops/{self.workshop_id}/register",
                  {"available": [str(n) for n in range(1, 9)], "items": [str(self.keep)], "csrf_token": self.csrf},
                  expect=f"/workshops/{self.workshop_id}/mine", write=False)

    def create(self) -> None:
        title = f"Load {uuid.uuid4().hex}"
        response = self.post(f"/{self.route}/new", self.item_form(title), expect=rf"/{self.route}/[0-9]+")
        if response is not None:
            item_id = int(response["location"].rstrip("/").split("/")[-1])
            # SQLite hands the highest id, once deleted, to the next insert: possibly this firm's own next one.
            self.ledger.deleted.discard(item_id)
            self.ledger.maybe_deleted.discard(item_id)
            self.ledger.maybe_titles.pop(item_id, None)
            self.ledger.created[item_id] = title

    def edit(self) -> None:
        # Not an item whose delete went unanswered: it may be gone, and a 404 would count as an error.
        alive = sorted(set(self.ledger.created) - self.ledger.deleted - self.ledger.maybe_deleted)
        item_id, title = random.choice(alive), f"Load {uuid.uuid4().hex}"
        unknown_before = self.ledger.unknown
        if self.post(f"/{self.route}/{item_id}/edit", self.item_form(title),
                     expect=f"/{self.route}/{item_id}") is not None:
            self.ledger.created[item_id] = title
        elif self.ledger.unknown > unknown_before:
            self.ledger.maybe_titles.setdefault(item_id, set()).add(title)

    def delete(self) -> None:
        alive = sorted(set(self.ledger.created) - self.ledger.deleted - self.ledger.maybe_deleted - {self.keep})
        if alive:
            item_id = random.choice(alive)
            unknown_before = self.ledger.unknown
            if self.post(f"/{self.route}/{item_id}/delete", {"csrf_token": self.csrf},
                         expect=f"/{self.route}/mine") is not None:
                self.ledger.deleted.add(item_id)
            elif self.ledger.unknown > unknown_before:
                self.ledger.maybe_deleted.add(item_id)

    def request_meeting(self, packaging: dict[int, int]) -> None:
        """Ask a packaging firm for a meeting: the form names its registration, the ledger its organisation."""
        open_ids = [registration for registration, org in packaging.items() if org not in self.ledger.requested]
        if open_ids:
            recipient = random.choice(open_ids)
            if self.post(f"/workshops/{self.workshop_id}/requests",
                         {"request-recipient": str(recipient), "request-message": "Let us meet.",
                          "csrf_token": self.csrf}, expect=f"/workshops/{self.workshop_id}/mine"):
                self.ledger.requested.add(packaging[recipient])

    def run(self, deadline: float, packaging: dict[int, int]) -> None:
        while time.perf_counter() < deadline:
            roll = random.random()
            if roll < 0.45:
                self.create()
            elif roll < 0.75:
                self.edit()
            elif roll < 0.9 or self.ledger.kind == "packaging":
                self.delete()
            else:
                self.request_meeting(packaging)


def registrations_of(url: str, kind: str) -> dict[int, int]:
    """Registration id -> organisation id of the registered firms of one kind."""
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = dict(connection.execute(text(
            "SELECT r.id, r.organisation_id FROM workshop_registrations r JOIN organisations o "
            "ON o.id = r.organisation_id WHERE o.kind = :k"), {"k": kind}).all())
    engine.dispose()
    return rows


def verify(url: str, firms: list[Firm]) -> dict[str, int]:
    """Count lost, duplicated, stale and half-written rows against the acknowledged writes."""
    engine = create_engine(url)
    problems = {"lost": 0, "duplicated": 0, "stale_title": 0, "resurrected": 0, "half_written": 0,
                "lost_requests": 0}
    with engine.connect() as connection:
        rows = {table: connection.execute(text(f"SELECT id, title FROM {table}")).all()
                for table in ("challenges", "capabilities")}
        titles = {table: [title for _, title in table_rows] for table, table_rows in rows.items()}
        present = {table: dict(table_rows) for table, table_rows in rows.items()}
        problems["half_written"] = connection.execute(text(
            "SELECT COUNT(*) FROM capabilities c WHERE NOT EXISTS "
            "(SELECT 1 FROM capability_technologies t WHERE t.capability_id = c.id)")).scalar_one()
        requests_present = set(connection.execute(text(
            "SELECT requester_id, recipient_id FROM workshop_meeting_requests")).all())
        org_of_email = dict(connection.execute(text(
            "SELECT u.email, u.organisation_id FROM users u")).all())
        # Each write here changes one item in its own transaction: one audit entry and one version bump each
        # (the migration starts the version at 1). A difference means a worker could miss or see a phantom change.
        bumps = connection.execute(text("SELECT SUM(version) - 1 FROM corpus_version")).scalar_one()
        audited = connection.execute(text(
            "SELECT COUNT(*) FROM audit_entries WHERE target_type IN ('challenge', 'capability')")).scalar_one()
        problems["version_mismatch"] = abs(bumps - audited)
    engine.dispose()
    for firm in firms:
        table = firm.route
        for item_id, title in firm.ledger.created.items():
            if item_id in firm.ledger.deleted:
                # SQLite hands a deleted highest id to the next insert: only this item's own titles count.
                problems["resurrected"] += present[table].get(item_id) in {
                    title, *firm.ledger.maybe_titles.get(item_id, ())}
            elif item_id not in present[table]:
                problems["lost"] += item_id not in firm.ledger.maybe_deleted
            elif present[table][item_id] != title and present[table][item_id] not in firm.ledger.maybe_titles.get(
                    item_id, ()):
                problems["stale_title"] += 1
        for title in set(firm.ledger.created.values()):
            problems["duplicated"] += max(0, titles[table].count(title) - 1)
        mine = org_of_email.get(firm.email)
        problems["lost_requests"] += sum((mine, recipient) not in requests_present
                                         for recipient in firm.ledger.requested)
    return problems


def gunicorn_command(args, port: int) -> list[str]:
    """gunicorn with the deployment's configuration file, bound to a free port."""
    command = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "-b", f"127.0.0.1:{port}",
               "--graceful-timeout", "5", "--log-level", "warning"]
    if args.workers:
        command += ["-w", str(args.workers)]
    if args.threads > 1:
        command += ["--worker-class", "gthread", "--threads", str(args.threads)]
    return command + ["matchmaker:create_app()"]


def server_config(args) -> str:
    workers = args.workers or 2 * os.cpu_count()
    kind = f"{workers} gthread workers x {args.threads} threads" if args.threads > 1 else f"{workers} sync workers"
    return (f"gunicorn {kind} (gunicorn.conf.py); clients "
            f"{'load their dashboard after each write' if args.browse else 'write only (no page after the redirect)'}")


def run_backend(backend: str, args) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = prepare_database(backend, folder)
        workshop_id = migrate_and_open_workshop(url)
        port = free_port()
        server = subprocess.Popen(gunicorn_command(args, port), cwd=ROOT, env=server_environment(url),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        cpu = ServerCpu(server.pid)
        try:
            wait_until_up(port, server)
            firms = [Firm(port, "packaging" if n % 2 else "photonics", workshop_id, n, browse=args.browse)
                     for n in range(args.clients)]
            for firm in firms:
                firm.start()
                firm.http.requests = 0  # count the timed run only
            packaging = registrations_of(url, "packaging")
            cpu.start()
            database_cpu = DatabaseCpu(url)
            database_cpu.start()
            client_cpu = time.process_time()
            start = time.perf_counter()
            deadline = start + args.seconds
            threads = [threading.Thread(target=firm.run, args=(deadline, packaging)) for firm in firms]
            for thread in threads:
                thread.start()
            time.sleep(args.seconds / 2)
            killed = kill_one_worker(server.pid, cpu)
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - start
            client_cpu = time.process_time() - client_cpu
            server_cpu = cpu.spent()
            database_seconds = database_cpu.spent()
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        report(backend, args, firms, elapsed, killed, url, (server_cpu, client_cpu, database_seconds))


def wait_until_up(port: int, server: subprocess.Popen) -> None:
    for _ in range(300):
        if server.poll() is not None:
            sys.exit(f"gunicorn exited with {server.returncode}:\n{server.stderr.read().decode()}")
        try:
            Browser("127.0.0.1", port).request("GET", "/healthz")
            return
        except (OSError, http.client.HTTPException):
            time.sleep(0.2)
    sys.exit("gunicorn did not answer /healthz within 60 s")


class ServerCpu:
    """CPU seconds (user + system) of the gunicorn master and its workers, including one killed on the way."""

    def __init__(self, master_pid: int) -> None:
        self.master_pid = master_pid
        self.dead = 0.0
        self.baseline = 0.0

    def processes(self) -> list[int]:
        children = subprocess.run(["pgrep", "-P", str(self.master_pid)], capture_output=True, text=True).stdout
        return [self.master_pid, *map(int, children.split())]

    @staticmethod
    def of(pid: int) -> float:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def total(self) -> float:
        return sum(self.of(pid) for pid in self.processes()) + self.dead

    def start(self) -> None:
        self.baseline = self.total()

    def spent(self) -> float:
        return self.total() - self.baseline


class DatabaseCpu:
    """CPU seconds of the PostgreSQL backends serving the load database (a backend that exits is not counted)."""

    def __init__(self, url: str) -> None:
        self.url, self.seen = url, {}

    def sample(self) -> dict[int, float]:
        if not self.url.startswith("postgresql"):
            return {}
        engine = create_engine(PG_ADMIN_URL)
        with engine.connect() as connection:
            pids = connection.execute(text("SELECT pid FROM pg_stat_activity WHERE datname = :name"),
                                      {"name": self.url.rsplit("/", 1)[1]}).scalars().all()
        engine.dispose()
        return {pid: ServerCpu.of(pid) for pid in pids}

    def start(self) -> None:
        self.seen = self.sample()

    def spent(self) -> float | None:
        if not self.url.startswith("postgresql"):
            return None
        return sum(cpu - self.seen.get(pid, 0.0) for pid, cpu in self.sample().items())


def kill_one_worker(master_pid: int, cpu: ServerCpu) -> int | None:
    children = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True).stdout.split()
    if not children:
        return None
    victim = int(children[0])
    spent = cpu.of(victim)
    os.kill(victim, signal.SIGKILL)
    cpu.dead += spent
    return victim


def report(backend: str, args, firms: list[Firm], elapsed: float, killed: int | None, url: str,
           cpu: tuple[float, float, float | None]) -> None:
    problems = verify(url, firms)
    latencies = sorted(latency for firm in firms for latency in firm.ledger.latencies)
    writes = sum(firm.ledger.writes for firm in firms)
    requests_made = sum(firm.http.requests for firm in firms)
    errors: dict[str, int] = {}
    for firm in firms:
        for key, value in firm.ledger.errors.items():
            errors[key] = errors.get(key, 0) + value
    unknown = sum(firm.ledger.unknown for firm in firms)
    p99 = latencies[int(0.99 * (len(latencies) - 1))] * 1000 if latencies else float("nan")
    print(f"{backend:10s} {args.clients} clients (http.client), {server_config(args)}, "
          f"{elapsed:.1f} s, worker killed: {killed}")
    print(f"  HTTP requests/s {requests_made / elapsed:7.1f} (POSTs, plus the GET after each with --browse)   "
          f"acknowledged writes/s {writes / elapsed:7.1f}   POST latency p50 {statistics.median(latencies) * 1000:6.1f} ms"
          f"   p99 {p99:6.1f} ms")
    if writes:
        server_cpu, client_cpu, database_cpu = cpu
        database = ("" if database_cpu is None else
                    f" + PostgreSQL {database_cpu * 1000 / writes:4.1f}")
        print(f"  CPU per acknowledged write: gunicorn {server_cpu * 1000 / writes:5.1f} + client "
              f"{client_cpu * 1000 / writes:4.1f}{database} ms; load average {os.getloadavg()[0]:.1f} "
              f"on {os.cpu_count()} cores (the machine is shared: wall-clock rates depend on it)")
    print(f"  errors {errors or 'none'}   writes without an answer: {unknown}")
    print(f"  check: {problems}  -> {'OK' if not any(problems.values()) else 'DATA PROBLEM'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (default: gunicorn.conf.py's)")
    parser.add_argument("--threads", type=int, default=1, help="above 1: gthread workers with this many threads")
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--browse", action=argparse.BooleanOptionalAction, default=False,
                        help="after each acknowledged write, load the firm's dashboard as a browser would "
                             "(default: writes only, the redirect is the acknowledgement, as for an API client)")
    args = parser.parse_args()
    random.seed(7)
    for backend in args.backends:
        run_backend(backend, args)


if __name__ == "__main__":
    main()
