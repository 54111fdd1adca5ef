"""Every main page, as visitor, packaging firm, photonics member and organiser, in Chromium at desktop and phone
width: no serious or critical axe-core finding, no sideways scrolling at 375 px, a usable header, no CSP refusal."""
from __future__ import annotations

import pytest

from tests.browser.live import DEMO_EMAILS, DEMO_PASSWORD, RESULTS
from tests.browser.walk import PHONE, describe_violations, pages_for, walk

pytestmark = pytest.mark.browser
ROLES = ("visitor", "packaging", "photonics", "organiser")


@pytest.fixture(scope="session")
def walked(browser, live_site, role_states):
    """Each role's walk runs once and serves every test below."""
    done = {}

    def reports_for(role: str):
        if role not in done:
            context = browser.new_context(storage_state=role_states[role])
            try:
                done[role] = walk(context, live_site.url, pages_for(role, live_site.ids), RESULTS / role)
            finally:
                context.close()
        return done[role]
    return reports_for


@pytest.mark.parametrize("role", ROLES)
def test_every_main_page_answers_200(walked, role):
    assert [(r.path, r.status) for r in walked(role) if r.status != 200] == []


@pytest.mark.parametrize("role", ROLES)
def test_no_serious_or_critical_axe_violation(walked, role):
    reports = walked(role)
    assert not any(r.violations for r in reports), "axe-core found:\n" + describe_violations(reports)


@pytest.mark.parametrize("role", ROLES)
def test_no_page_scrolls_sideways_at_phone_width(walked, role):
    too_wide = [(r.path, r.scroll_width) for r in walked(role) if r.scroll_width > PHONE["width"]]
    assert too_wide == []


@pytest.mark.parametrize("role", ROLES)
def test_header_links_stay_on_screen_at_phone_width(walked, role):
    assert [(r.path, r.hidden_nav_links) for r in walked(role) if r.hidden_nav_links] == []


@pytest.mark.parametrize("role", ROLES)
def test_no_page_breaks_the_content_security_policy(walked, role):
    assert [(r.path, r.csp_refusals) for r in walked(role) if r.csp_refusals] == []


def test_login_by_keyboard_alone_with_visible_focus(new_context, live_site):
    page = new_context().new_page()
    page.goto(live_site.url + "/auth/login")
    focused = []
    for _ in range(30):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("""() => { const el = document.activeElement, style = getComputedStyle(el);
            return {id: el.id, tag: el.tagName, outline: style.outlineStyle, width: parseFloat(style.outlineWidth)}; }"""))
        if focused[-1]["id"] == "email":
            break
    invisible = [f for f in focused if f["outline"] == "none" or f["width"] < 2]
    assert focused[-1]["id"] == "email" and invisible == []
    page.keyboard.type(DEMO_EMAILS["packaging"])
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "password"
    page.keyboard.type(DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/auth/login" not in page.url
    assert "Logged in" in page.inner_text(".flashes") or page.locator(".site-header .who").count() == 1
