"""Screenshots of the main pages on the demo data, at desktop (1280×800) and phone (375×740) width.

    .venv/bin/python tools/screenshots.py [--out docs/screenshots]

Runs the app on a temporary SQLite database loaded with `matchmaker demo`, in Debian's Chromium (as the browser tests
do); needs /usr/bin/chromium (`make browser-deps`).
"""
from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.live import (  # noqa: E402
    DEMO_EMAILS,
    DEMO_PASSWORD,
    chromium,
    demo_ids,
    live_app,
    load_demo_data,
    log_in,
    serving,
)
from tests.browser.walk import DESKTOP, PHONE  # noqa: E402

# (file name, role, path); {workshop}, {challenge}, {capability} come from the demo data.
PAGES = [
    ("home", "visitor", "/"),
    ("login", "visitor", "/auth/login"),
    ("challenges", "visitor", "/challenges/"),
    ("capabilities", "visitor", "/capabilities/"),
    ("challenge-ranking", "packaging", "/challenges/{challenge}"),
    ("capability-ranking", "photonics", "/capabilities/{capability}"),
    ("workshop", "packaging", "/workshops/{workshop}"),
    ("agenda", "packaging", "/workshops/{workshop}/agenda"),
    ("pairings", "organiser", "/matches/"),
    ("matrix", "organiser", "/matches/matrix"),
    ("shortlist", "organiser", "/workshops/{workshop}/shortlist"),
    ("planning", "organiser", "/workshops/{workshop}/schedule"),
    ("dashboard", "organiser", "/workshops/{workshop}/dashboard"),
]
README_SHOT = ROOT / "docs" / "screenshot.png"


def take(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory() as scratch:
        app = live_app(Path(scratch) / "screenshots.db")
        load_demo_data(app)
        with app.app_context():
            ids = demo_ids()
        values = {"workshop": ids["workshop"], "challenge": ids["own_challenge"], "capability": ids["own_capability"]}
        written = []
        with serving(app) as url, chromium() as browser:
            pages = {}
            for name, role, path in PAGES:
                if role not in pages:
                    pages[role] = browser.new_context().new_page()
                    if role != "visitor":
                        log_in(pages[role], url, DEMO_EMAILS[role], DEMO_PASSWORD)
                page = pages[role]
                for width, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
                    page.set_viewport_size(viewport)
                    page.goto(url + path.format(**values))
                    target = out / f"{name}-{width}.png"
                    page.screenshot(path=str(target))
                    written.append(target)
            # The README's picture: a packaging firm's challenge and the capabilities ranked for it, with the reasons.
            page = pages["packaging"]
            page.set_viewport_size(DESKTOP)
            page.goto(url + "/challenges/{challenge}".format(**values))
            page.locator("ol.ranking").scroll_into_view_if_needed()
            page.evaluate("window.scrollBy(0, -120)")
            page.screenshot(path=str(README_SHOT))
            written.append(README_SHOT)
        return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    written = take(parser.parse_args().out)
    print(f"{len(written)} screenshots in {written[0].parent}")


if __name__ == "__main__":
    main()
