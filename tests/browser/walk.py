"""Walk the main pages as each role in one real browser: axe-core findings, phone-width overflow, CSP refusals."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from tests.browser.live import AXE_SCRIPT

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
AXE_URL_PATH = "/__browser-tests__/axe.min.js"  # served by the test's route handler, never by the app
SERIOUS = ("serious", "critical")
PHONE_RULES = ["scrollable-region-focusable"]  # what a narrow layout breaks: content reachable only by scrolling
CHALLENGE_FORM_WITH_ERRORS = "/challenges/new (sent empty)"


def pages_for(role: str, ids: dict) -> list[str]:
    """The main pages of each role (the public ones once, as a visitor), with demo records filled in."""
    workshop = f"/workshops/{ids['workshop']}"
    return {
        "visitor": ["/", "/auth/login", "/auth/register", "/challenges/", f"/challenges/{ids['public_challenge']}",
                    "/capabilities/", f"/capabilities/{ids['own_capability']}", "/privacy", "/workshops/", workshop],
        "packaging": ["/dashboard", "/challenges/mine", f"/challenges/{ids['own_challenge']}",
                      CHALLENGE_FORM_WITH_ERRORS, f"/capabilities/{ids['own_capability']}", "/account/",
                      f"{workshop}/mine", f"{workshop}/agenda"],
        "photonics": ["/dashboard", "/capabilities/mine", f"/capabilities/{ids['own_capability']}",
                      f"/challenges/{ids['public_challenge']}", "/account/", f"{workshop}/mine", f"{workshop}/agenda"],
        "organiser": ["/dashboard", "/matches/", "/matches/matrix", "/audit/", "/organisations/",
                      workshop, f"{workshop}/shortlist", f"{workshop}/schedule", f"{workshop}/dashboard", "/workshops/new"],
    }[role]


@dataclass
class PageReport:
    path: str
    status: int | None = None
    violations: list = field(default_factory=list)  # axe findings with impact serious or critical
    scroll_width: int | None = None
    hidden_nav_links: list = field(default_factory=list)
    csp_refusals: list = field(default_factory=list)


def open_page(page, base_url: str, path: str):
    if path == CHALLENGE_FORM_WITH_ERRORS:
        page.goto(base_url + "/challenges/new")
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        return page.evaluate("() => performance.getEntriesByType('navigation')[0].responseStatus")
    response = page.goto(base_url + path)
    return response.status if response else None


def serve_axe(context, base_url: str) -> None:
    """Serve axe from the site's own origin, so the page's CSP (script-src 'self') stays on during the audit."""
    context.route(base_url + AXE_URL_PATH, lambda route: route.fulfill(
        path=str(AXE_SCRIPT), content_type="application/javascript"))


def axe_violations(page, base_url: str, rules: list[str] | None = None) -> list[dict]:
    """axe-core's serious and critical findings on the page as it is now (every rule, or only `rules`)."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(url=base_url + AXE_URL_PATH)
    options = {"resultTypes": ["violations"], **({"runOnly": rules} if rules else {})}
    found = page.evaluate("async options => (await axe.run(document, options)).violations", options)
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "targets": [", ".join(map(str, node["target"])) + " :: " + (node.get("failureSummary") or "")
                         .replace("\n", " ")[:300] for node in v["nodes"][:5]]}
            for v in found if v["impact"] in SERIOUS]


def walk(context, base_url: str, paths: list[str], problems_dir: Path | None = None) -> list[PageReport]:
    """Open each path at desktop width (axe), then at phone width (overflow, header, axe's narrow-layout rules);
    pages with a finding are saved as full-page phone screenshots in `problems_dir`."""
    serve_axe(context, base_url)
    page = context.new_page()
    refusals: list[str] = []
    page.on("console", lambda message: refusals.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text else None)
    reports = []
    for path in paths:
        page.set_viewport_size(DESKTOP)
        refusals.clear()
        report = PageReport(path, status=open_page(page, base_url, path))
        report.violations = axe_violations(page, base_url)
        page.set_viewport_size(PHONE)
        report.violations += [dict(v, id=v["id"] + " (at 375 px)")
                              for v in axe_violations(page, base_url, PHONE_RULES)]
        report.scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
        report.hidden_nav_links = page.evaluate("""() => [...document.querySelectorAll('.site-header a, .site-header button')]
            .filter(el => { const box = el.getBoundingClientRect();
                            return box.width === 0 || box.left < 0 || box.right > window.innerWidth; })
            .map(el => el.textContent.trim())""")
        report.csp_refusals = [text for text in refusals if AXE_URL_PATH not in text]
        reports.append(report)
        if problems_dir and (report.violations or report.scroll_width > PHONE["width"] or report.hidden_nav_links
                             or report.csp_refusals or report.status != 200):
            problems_dir.mkdir(parents=True, exist_ok=True)
            name = re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-") or "home"
            page.screenshot(path=str(problems_dir / f"walk-{name}-phone.png"), full_page=True)
    page.close()
    return reports


def describe_violations(reports: list[PageReport]) -> str:
    lines = []
    for report in reports:
        for violation in report.violations:
            lines.append(f"{report.path}: [{violation['impact']}] {violation['id']}: {violation['help']}")
            lines.extend(f"    {target}" for target in violation["targets"])
    return "\n".join(lines)
