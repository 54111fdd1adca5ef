"""Load test: concurrent firms write through gunicorn; then every acknowledged write must be there exactly once.

    .venv/bin/python benchmarks/load_write.py [--clients 16] [--seconds 20] [--workers 2] [--backends sqlite postgresql]

For each backend it migrates a fresh database, starts gunicorn (N workers) on 127.0.0.1, and runs concurrent
clients for a bounded time. Each client registers a firm (packaging or photonics), registers it for an open
workshop, then loops: post a challenge or capability, edit one of its own, delete one of its own, and (photonics
firms) request meetings with packaging firms. Half-way through, one gunicorn worker is killed with SIGKILL.
Afterwards it compares the database with what the server acknowledged (a redirect after the POST):
acknowledged creates minus acknowledged deletes are present exactly once, with the last acknowledged title;
every acknowledged meeting request exists; nothing is half-written (every capability has its technologies).
Writes whose answer never came (the killed worker's) may be present or absent, but never half-present.
Prints requests/s, writes/s, p50/p99 latency and error counts per backend. Not a test: a measurement.
"""
from __future__ import annotations

import argparse
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

import requests
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


class Firm:
    """One client: a firm that registers, then writes until the deadline."""

    def __init__(self, base: str, kind: str, workshop_id: int, number: int) -> None:
        self.base, self.workshop_id, self.number = base, workshop_id, number
        self.http = requests.Session()
        self.ledger = Ledger(kind)
        self.route = "challenges" if kind == "packaging" else "capabilities"
        self.keep: int | None = None  # the item registered for the workshop is never deleted

    def token(self, path: str) -> str:
        match = CSRF.search(self.http.get(self.base + path, timeout=10).text)
        return match.group(1) or match.group(2)

    def post(self, path: str, data: dict, *, write: bool = True) -> requests.Response | None:
        start = time.perf_counter()
        try:
            response = self.http.post(self.base + path, data=data, allow_redirects=False, timeout=10)
        except requests.RequestException as error:
            self.ledger.errors[type(error).__name__] = self.ledger.errors.get(type(error).__name__, 0) + 1
            self.ledger.unknown += write
            return None
        self.ledger.latencies.append(time.perf_counter() - start)
        if response.status_code != 302:
            key = f"HTTP {response.status_code} {re.sub(r'/[0-9]+', '/<id>', path)}"
            if os.environ.get("LOAD_DEBUG"):
                print(key, re.findall(r'class="(?:error|flash[^"]*)"[^>]*>([^<]+)', response.text)[:3])
            self.ledger.errors[key] = self.ledger.errors.get(key, 0) + 1
            return None
        self.ledger.writes += write
        # Back on their dashboard, which shows (and so clears) the flash message, as a browser would.
        # (Not the item's page: its ranking would refit the index after every write, a cost measured elsewhere.)
        self.http.get(f"{self.base}/{self.route}/mine", timeout=10)
        return response

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
                                     "country": "ES", "csrf_token": self.csrf}, write=False)
        self.create()
        self.keep = next(iter(self.ledger.created))
        self.post(f"/workshops/{self.workshop_id}/register",
                  {"available": [str(n) for n in range(1, 9)], "items": [str(self.keep)], "csrf_token": self.csrf},
                  write=False)

    def create(self) -> None:
        title = f"Load {uuid.uuid4().hex}"
        response = self.post(f"/{self.route}/new", self.item_form(title))
        if response is not None:
            self.ledger.created[int(response.headers["Location"].rstrip("/").split("/")[-1])] = title

    def edit(self) -> None:
        alive = sorted(set(self.ledger.created) - self.ledger.deleted)
        item_id, title = random.choice(alive), f"Load {uuid.uuid4().hex}"
        unknown_before = self.ledger.unknown
        if self.post(f"/{self.route}/{item_id}/edit", self.item_form(title)) is not None:
            self.ledger.created[item_id] = title
        elif self.ledger.unknown > unknown_before:
            self.ledger.maybe_titles.setdefault(item_id, set()).add(title)

    def delete(self) -> None:
        alive = sorted(set(self.ledger.created) - self.ledger.deleted - {self.keep})
        if alive:
            item_id = random.choice(alive)
            unknown_before = self.ledger.unknown
            if self.post(f"/{self.route}/{item_id}/delete", {"csrf_token": self.csrf}) is not None:
                self.ledger.deleted.add(item_id)
            elif self.ledger.unknown > unknown_before:
                self.ledger.maybe_deleted.add(item_id)

    def request_meeting(self, packaging_ids: list[int]) -> None:
        open_ids = [org for org in packaging_ids if org not in self.ledger.requested]
        if open_ids:
            recipient = random.choice(open_ids)
            if self.post(f"/workshops/{self.workshop_id}/requests",
                         {"request-recipient": str(recipient), "request-message": "Let us meet.",
                          "csrf_token": self.csrf}):
                self.ledger.requested.add(recipient)

    def run(self, deadline: float, packaging_ids: list[int]) -> None:
        while time.perf_counter() < deadline:
            roll = random.random()
            if roll < 0.45:
                self.create()
            elif roll < 0.75:
                self.edit()
            elif roll < 0.9 or self.ledger.kind == "packaging":
                self.delete()
            else:
                self.request_meeting(packaging_ids)


def organisation_ids(url: str, kind: str) -> list[int]:
    engine = create_engine(url)
    with engine.connect() as connection:
        ids = list(connection.execute(text("SELECT id FROM organisations WHERE kind = :k"), {"k": kind}).scalars())
    engine.dispose()
    return ids


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
    engine.dispose()
    for firm in firms:
        table = firm.route
        for item_id, title in firm.ledger.created.items():
            if item_id in firm.ledger.deleted:
                problems["resurrected"] += item_id in present[table]
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


def run_backend(backend: str, args) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = prepare_database(backend, folder)
        workshop_id = migrate_and_open_workshop(url)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", str(args.workers), "-b", f"127.0.0.1:{port}",
             "--graceful-timeout", "5", "--log-level", "warning", "matchmaker:create_app()"],
            cwd=ROOT, env=server_environment(url), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    requests.get(base + "/healthz", timeout=1)
                    break
                except requests.RequestException:
                    time.sleep(0.2)
            firms = [Firm(base, "packaging" if n % 2 else "photonics", workshop_id, n) for n in range(args.clients)]
            for firm in firms:
                firm.start()
            packaging_ids = organisation_ids(url, "packaging")
            start = time.perf_counter()
            deadline = start + args.seconds
            threads = [threading.Thread(target=firm.run, args=(deadline, packaging_ids)) for firm in firms]
            for thread in threads:
                thread.start()
            time.sleep(args.seconds / 2)
            killed = kill_one_worker(server.pid)
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - start
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        report(backend, args, firms, elapsed, killed, url)


def kill_one_worker(master_pid: int) -> int | None:
    children = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True).stdout.split()
    if not children:
        return None
    victim = int(children[0])
    os.kill(victim, signal.SIGKILL)
    return victim


def report(backend: str, args, firms: list[Firm], elapsed: float, killed: int | None, url: str) -> None:
    problems = verify(url, firms)
    latencies = sorted(latency for firm in firms for latency in firm.ledger.latencies)
    writes = sum(firm.ledger.writes for firm in firms)
    errors: dict[str, int] = {}
    for firm in firms:
        for key, value in firm.ledger.errors.items():
            errors[key] = errors.get(key, 0) + value
    unknown = sum(firm.ledger.unknown for firm in firms)
    p99 = latencies[int(0.99 * (len(latencies) - 1))] * 1000 if latencies else float("nan")
    print(f"{backend:10s} {args.clients} clients, {args.workers} workers, {elapsed:.1f} s, worker killed: {killed}")
    print(f"  requests/s {len(latencies) / elapsed:7.1f}   acknowledged writes/s {writes / elapsed:7.1f}   "
          f"p50 {statistics.median(latencies) * 1000:6.1f} ms   p99 {p99:6.1f} ms")
    print(f"  errors {errors or 'none'}   writes without an answer: {unknown}")
    print(f"  check: {problems}  -> {'OK' if not any(problems.values()) else 'DATA PROBLEM'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    args = parser.parse_args()
    random.seed(7)
    for backend in args.backends:
        run_backend(backend, args)


if __name__ == "__main__":
    main()
