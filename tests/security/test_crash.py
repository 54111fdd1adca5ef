"""A worker killed in the middle of a write leaves no partial rows, and the database goes on working."""
from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

from sqlalchemy import func, select

from matchmaker.capabilities.models import Capability, CapabilityTechnology
from matchmaker.extensions import db
from matchmaker.matches.models import current_version

CRASHING_WORKER = textwrap.dedent("""
    import os, signal, sys
    import matchmaker.capabilities.views as views
    from matchmaker import create_app

    original = views.create_capability

    def create_then_die(author, data):
        original(author, data)  # the capability, its technologies and the corpus version are flushed...
        os.kill(os.getpid(), signal.SIGKILL)  # ...and the worker dies before the commit

    views.create_capability = create_then_die
    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "SQLALCHEMY_DATABASE_URI": sys.argv[1]})
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = sys.argv[2]
    client.post("/capabilities/new", data={"title": "Half written capability", "trl": "8", "status": "open",
                "description": "This capability must never be stored half way.", "technologies": ["raman", "oct"]})
""")


def counts() -> tuple[int, int, int]:
    db.session.expire_all()
    return (db.session.scalar(select(func.count()).select_from(Capability)),
            db.session.scalar(select(func.count()).select_from(CapabilityTechnology)),
            current_version(db.session))


def test_killed_worker_leaves_nothing_half_written(app, client, login_as, make_user):
    member = make_user("photonics")
    before = counts()
    worker = subprocess.run([sys.executable, "-c", CRASHING_WORKER, app.config["SQLALCHEMY_DATABASE_URI"],
                             member.session_token], capture_output=True, text=True, timeout=120)
    assert worker.returncode == -signal.SIGKILL, worker.stderr
    assert counts() == before
    login_as(member)
    response = client.post("/capabilities/new", data={
        "title": "Written after the crash", "description": "The database still takes writes after the crash.",
        "technologies": ["raman"], "trl": "8", "status": "open"})
    assert response.status_code == 302
    assert counts()[:2] == (before[0] + 1, before[1] + 1)
