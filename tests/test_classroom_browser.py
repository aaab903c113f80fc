"""The classroom app end to end in headless Chromium (Debian's ``chromium``, driven by Playwright):
every page loads offline in both languages, a slider redraws the chart, the iceberg reveals and
word of mouth steps, a role-play round is played. Screenshots go to test-artifacts/classroom/."""
import shutil
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from test_classroom_server import free_port, start_classroom, stop

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parents[1] / "test-artifacts" / "classroom"
pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason="Debian's chromium is not installed (apt-get install -y chromium); .ci/run installs it in CI")]
LOCAL = {"127.0.0.1"}


@pytest.fixture(scope="module")
def base():
    port = free_port()
    proc, _ = start_classroom("--port", str(port))
    yield f"http://127.0.0.1:{port}"
    stop(proc)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM)
        yield chromium
        chromium.close()


def open_page(browser, url: str):
    """A new tab on ``url``, waiting until the app has drawn; returns (page, requested URLs)."""
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(url, timeout=120_000)
    page.locator(".bk-panel-models-markup-HTML, .markdown").first.wait_for(timeout=120_000)
    page.get_by_text("Simulated with" if "lang=en" in url else "以服务补救旅程模型模拟").wait_for(timeout=120_000)
    return page, requested


def chart_sources(page) -> list[str]:
    return [img.get_attribute("src") or "" for img in page.locator("img").all()]


def wait_for_new_chart(page, before: list[str], every: bool = False, timeout: float = 60) -> list[str]:
    """Wait until a chart (``every``: each chart) shows another picture than ``before``."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        now = chart_sources(page)
        changed = [a != b for a, b in zip(now, before)]
        if now and all(now) and (all(changed) if every else any(changed)):
            return now
        time.sleep(0.1)
    raise AssertionError("the chart did not change")


@pytest.mark.parametrize("name, title_zh", [("paradox", "补救悖论探索"), ("iceberg", "投诉冰山与口碑"),
                                            ("roleplay", "投诉处理角色扮演")])
def test_every_page_loads_offline_and_switches_to_chinese(base, browser, name, title_zh):
    page, requested = open_page(browser, f"{base}/{name}?lang=en")
    charts = chart_sources(page)
    assert len(charts) == {"paradox": 1, "iceberg": 2, "roleplay": 0}[name]
    page.screenshot(path=ARTIFACTS / f"{name}-en.png", full_page=True)
    page.get_by_role("button", name="中文").click()
    page.get_by_text(title_zh, exact=True).wait_for(timeout=60_000)
    if charts:
        wait_for_new_chart(page, charts, every=True)  # redrawn with Chinese labels
    time.sleep(0.5)
    page.screenshot(path=ARTIFACTS / f"{name}-zh.png", full_page=True)
    outside = {u for u in requested if urlparse(u).scheme in ("http", "https", "ws", "wss")
               and urlparse(u).hostname not in LOCAL}
    assert outside == set(), f"the page loaded something from outside this machine: {outside}"
    page.close()


def test_moving_a_slider_redraws_the_paradox_chart(base, browser):
    page, _ = open_page(browser, f"{base}/paradox?lang=en")
    before = chart_sources(page)
    assert "0.10" in page.get_by_text("Failure severity").first.inner_text()
    handle = page.locator(".noUi-handle").first
    handle.focus()
    handle.press("ArrowRight")
    wait_for_new_chart(page, before)
    assert "0.15" in page.get_by_text("Failure severity").first.inner_text()
    page.locator("input[type=checkbox]").nth(1).check()  # apology, emotion first, follow-up
    wait_for_new_chart(page, chart_sources(page))
    page.screenshot(path=ARTIFACTS / "paradox-slider-moved.png", full_page=True)
    page.close()


def test_iceberg_reveals_and_word_of_mouth_steps(base, browser):
    page, _ = open_page(browser, f"{base}/iceberg?lang=en")
    waffle, network = chart_sources(page)
    page.get_by_role("button", name="Reveal").click()
    page.get_by_text("of 100 reach the firm").wait_for(timeout=60_000)
    assert wait_for_new_chart(page, [waffle, network])[0] != waffle
    page.get_by_role("button", name="Next step").click()
    page.get_by_role("button", name="Next step").click()
    assert wait_for_new_chart(page, chart_sources(page))[1] != network
    page.screenshot(path=ARTIFACTS / "iceberg-revealed.png", full_page=True)
    page.close()


def test_a_role_play_round_in_both_languages(base, browser):
    page, _ = open_page(browser, f"{base}/roleplay?lang=en")
    page.get_by_placeholder("Team name").fill("Team Blue")
    page.get_by_placeholder("Team name").press("Enter")
    for step in ("Calm the emotion first, let them talk", "Listen and collect the facts",
                 "Ask what they want, offer choices", "Compensate (the remedy below)", "Act fast"):
        page.locator(".choices__inner").first.click()
        page.locator(".choices__list--dropdown .choices__item", has_text=step).first.click()
    for phrase in ('"I\'m sorry."', '"Let me find out."', '"What I can do is ..."', '"I will call you back."'):
        page.get_by_text(phrase, exact=True).click()
    page.get_by_role("button", name="Play").click()
    page.get_by_text("Satisfaction with the recovery").wait_for(timeout=120_000)
    page.get_by_text("What mattered most").wait_for(timeout=60_000)
    page.get_by_role("cell", name="Team Blue").wait_for(timeout=60_000)
    page.screenshot(path=ARTIFACTS / "roleplay-played-en.png", full_page=True)
    page.get_by_role("button", name="中文").click()
    page.get_by_text("复盘").wait_for(timeout=60_000)
    page.get_by_text("对补救的满意度").wait_for(timeout=60_000)
    page.locator(".choices__list--multiple .choices__item", has_text="先处理情感").first.wait_for(timeout=60_000)  # kept
    time.sleep(0.5)
    page.screenshot(path=ARTIFACTS / "roleplay-played-zh.png", full_page=True)
    page.close()
