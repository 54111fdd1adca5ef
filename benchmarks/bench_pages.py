"""Benchmark: how fast a ranking page and a ranking JSON call answer at N challenges x N capabilities.

    .venv/bin/python benchmarks/bench_pages.py [--size 1000] [--requests 50]

Builds a throw-away SQLite database (migrated like production) with N generated challenges and N generated
capabilities (the corpus generator of bench_rank.py), then times requests through Flask's test client (no
network): the first ranking request (it fits the index), then warm requests to a challenge page with its
ranking, the ranking JSON both ways, and, as the baseline measured in the same run, the plain challenge JSON
(same permission checks and database round trips, no ranking). Target: warm ranking under 50 ms at 1,000 x 1,000.

Then a challenge is edited (the corpus version moves) and the ranking page is timed right after: above
MATCHMAKER_INLINE_REFIT_LIMIT documents it is served from the previous index while a background thread refits,
and, as the baseline in the same run, with the limit raised so the request refits inline (the behaviour before).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_rank import corpus  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from matchmaker import create_app  # noqa: E402
from matchmaker.auth.models import Organisation, User  # noqa: E402
from matchmaker.capabilities.models import Capability  # noqa: E402
from matchmaker.challenges.models import Challenge  # noqa: E402
from matchmaker.enums import OrganisationKind, Role  # noqa: E402
from matchmaker.extensions import db  # noqa: E402
from matchmaker.matches.index import index_cache  # noqa: E402


def populate(size: int, seed: int) -> None:
    packaging = Organisation(name="Bench Packaging", kind=OrganisationKind.PACKAGING, country="ES")
    photonics = Organisation(name="Bench Photonics", kind=OrganisationKind.PHOTONICS, country="DE")
    db.session.add_all([packaging, photonics,
                        User(email="bench@x.example", name="Bench", role=Role.ORGANISER, password_hash="-")])
    db.session.flush()
    for document in corpus(size, "C", seed):
        db.session.add(Challenge(title=document.title[:200], description=document.description,
                                 keywords=", ".join(document.keywords), language=document.language,
                                 organisation_id=packaging.id))
    for document in corpus(size, "P", seed + 1):
        capability = Capability(title=document.title[:200], description=document.description,
                                keywords=", ".join(document.keywords), language=document.language,
                                organisation_id=photonics.id, trl=8)
        capability.technologies = ["other"]
        db.session.add(capability)
    db.session.commit()


def timed(client, url: str, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db", "TESTING": True})
        with app.app_context():
            upgrade()
            start = time.perf_counter()
            populate(args.size, args.seed)
            print(f"corpus: {args.size} challenges x {args.size} capabilities stored in "
                  f"{time.perf_counter() - start:.1f} s")
        client = app.test_client()
        cold = timed(client, "/api/v1/challenges/1/matches?top=10", 1)[0]
        with app.app_context():
            start = time.perf_counter()
            index_cache().refit_in_background().join()
        print(f"first ranking request (does not wait for the first fit): {cold:8.1f} ms; "
              f"the fit finished {time.perf_counter() - start:.1f} s later")
        rows = [
            ("baseline: challenge JSON, no ranking", "/api/v1/challenges/{i}"),
            ("ranking JSON, capabilities for a challenge", "/api/v1/challenges/{i}/matches?top=10"),
            ("ranking JSON, challenges for a capability", "/api/v1/capabilities/{i}/matches?top=10"),
            ("challenge page with its ranking (HTML)", "/challenges/{i}"),
        ]
        print(f"{'warm requests (' + str(args.requests) + ' each)':46s} {'p50 ms':>8s} {'p95 ms':>8s} {'max ms':>8s}")
        for label, template in rows:
            times = []
            for i in range(args.requests):
                times += timed(client, template.format(i=1 + (i * 37) % args.size), 1)
            times.sort()
            print(f"{label:46s} {statistics.median(times):8.1f} {times[int(0.95 * (len(times) - 1))]:8.1f} "
                  f"{times[-1]:8.1f}")
        after_a_change(app, client, args.size)


def edit_a_challenge(app, challenge_id: int) -> None:
    with app.app_context():
        challenge = db.session.get(Challenge, challenge_id)
        challenge.title = challenge.title[:180] + " (edited)"
        db.session.commit()


def after_a_change(app, client, size: int) -> None:
    """The ranking page right after an edit: stale index + background refit, then the inline refit baseline."""
    edit_a_challenge(app, 2)
    first = timed(client, "/challenges/3", 1)[0]
    during = []
    with app.app_context():
        refit = index_cache().refit_in_background()
        while refit.is_alive() and len(during) < 200:
            during += timed(client, f"/challenges/{4 + len(during) % (size - 4)}", 1)
        start = time.perf_counter()
        refit.join()
    print(f"after an edit: ranking page served from the previous index {first:8.1f} ms; "
          f"{len(during)} pages during the refit, p50 {statistics.median(during or [0]):.1f} ms; "
          f"refit done {time.perf_counter() - start:.1f} s after the last of them")
    app.config["INLINE_REFIT_LIMIT"] = 10 ** 9
    edit_a_challenge(app, 5)
    print(f"baseline, after an edit with an inline refit (as before): {timed(client, '/challenges/3', 1)[0]:8.1f} ms")


if __name__ == "__main__":
    main()
