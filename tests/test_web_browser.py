"""The page in a real browser: ``keirules serve`` on a free loopback port, driven in headless
Chromium (Debian's ``chromium``) with Playwright.

Fill the form and see the verdict, upload a spec, break a field and see the error by it, check
by keyboard alone, read it at a phone's width, compare and routes. Screenshots go to
``$KEIRULES_SCREENSHOTS`` (or a temporary folder) for a person to look at.

Skipped, with the reason, when Playwright or a Chromium is absent; ``.ci/run`` installs both.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES

pytest.importorskip("starlette", reason="the serve extra is not installed")
pytest.importorskip("uvicorn", reason="the serve extra is not installed")
sync_api = pytest.importorskip("playwright.sync_api",
                               reason="Playwright is not installed (the browser extra)")

CHROMIUM = os.environ.get("KEIRULES_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).is_file():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
NBOX = EXAMPLES / "honda-n-box-jf5.yaml"
CARRY = EXAMPLES / "suzuki-carry-da16t.yaml"
ON = "2026-06-01"
PHONE = {"width": 375, "height": 812}

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    """``keirules serve`` on 127.0.0.1 and a free port, stopped after the module."""
    port = _free_port()
    command = [sys.executable, "-c", "import sys; from keirules.cli import main; "
               "sys.exit(main())", "serve", "--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    _, err = server.communicate(timeout=5)
                    pytest.fail(f"keirules serve did not start: {err.decode(errors='replace')}")
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("KEIRULES_SCREENSHOTS")
    if folder:
        path = Path(folder)
        path.mkdir(parents=True, exist_ok=True)
        return path
    return tmp_path_factory.mktemp("screenshots")


class Page:
    """One browser tab on the server, refusing any request that leaves it."""

    def __init__(self, browser: Any, base: str, viewport: dict[str, int] | None = None) -> None:
        self.context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
        self.tab = self.context.new_page()
        self.base = base
        self.elsewhere: list[str] = []
        self.tab.on("request", self._seen)

    def _seen(self, request: Any) -> None:
        if not request.url.startswith((self.base + "/", "data:", "about:")):
            self.elsewhere.append(request.url)

    def goto(self, path: str) -> Any:
        return self.tab.goto(self.base + path)

    def shot(self, folder: Path, name: str, full_page: bool = True) -> None:
        self.tab.screenshot(path=str(folder / f"{name}.png"), full_page=full_page)

    def scroll_width(self) -> int:
        return int(self.tab.evaluate("document.documentElement.scrollWidth"))

    def focused(self) -> str:
        return str(self.tab.evaluate("document.activeElement && document.activeElement.id"))

    def close(self) -> None:
        assert self.elsewhere == [], f"the page fetched from elsewhere: {self.elsewhere}"
        self.context.close()


@pytest.fixture
def tab(browser: Any, base: str) -> Iterator[Page]:
    page = Page(browser, base)
    yield page
    page.close()


@pytest.fixture
def phone(browser: Any, base: str) -> Iterator[Page]:
    page = Page(browser, base, PHONE)
    yield page
    page.close()


def _submit(tab: Page, label: str) -> Any:
    with tab.tab.expect_navigation():
        tab.tab.get_by_role("button", name=label).click()


def test_fill_the_form_and_see_the_verdict(tab: Page, shots: Path) -> None:
    tab.goto("/")
    tab.shot(shots, "check-empty")
    page = tab.tab
    page.get_by_label("name").first.fill("Edge of the box")
    for field, value, unit in (("length", "3395", "mm"), ("width", "1.475", "m"),
                               ("height", "1790", "mm"), ("displacement", "658", "cc"),
                               ("max_power", "58", "PS")):
        page.fill(f"#f-{field}", value)
        page.select_option(f"select[name={field}__unit]", unit)
    page.fill("#f-wheels", "4")
    page.fill("#f-seats", "4")
    page.select_option("#f-category", "passenger")
    page.select_option("#f-ruleset", "jp-kei@1998")
    page.fill("#f-on", ON)
    _submit(tab, "Check")
    result = page.locator("section.result")
    assert page.locator(".badge").first.inner_text().strip() == "PASS"
    assert "Edge of the box under jp-kei@1998 on 2026-06-01" in result.inner_text()
    # the answer comes first; the form, still filled, follows for another try
    assert result.bounding_box()["y"] < page.locator("form").bounding_box()["y"]
    assert page.input_value("#f-width") == "1.475"
    assert page.input_value("#f-ruleset") == "jp-kei@1998"
    tab.shot(shots, "check-pass")


def test_upload_a_spec(tab: Page, shots: Path) -> None:
    tab.goto("/")
    tab.tab.set_input_files("#f-spec_file", str(NBOX))
    tab.tab.fill("#f-on", ON)
    _submit(tab, "Check")
    heading = tab.tab.locator("section.result h1").inner_text()
    assert "Honda N-Box (JF5) under jp-kei@" in heading
    assert tab.tab.locator(".badge").first.inner_text().strip() in ("PASS", "INCOMPLETE")
    tab.shot(shots, "check-upload")


def test_a_broken_field_shows_its_error_by_it(tab: Page, shots: Path) -> None:
    tab.goto("/")
    tab.tab.fill("#f-name", "Broken")
    tab.tab.fill("#f-length", "3,4")
    tab.tab.select_option("select[name=length__unit]", "m")
    _submit(tab, "Check")
    page = tab.tab
    error = page.locator("#length-error")
    assert "comma" in error.inner_text()
    assert page.get_attribute("#f-length", "aria-invalid") == "true"
    assert "length-error" in (page.get_attribute("#f-length", "aria-describedby") or "")
    field, shown = page.locator("#f-length").bounding_box(), error.bounding_box()
    assert 0 <= shown["y"] - (field["y"] + field["height"]) < 40  # just below the box
    assert abs(shown["x"] - field["x"]) < 5
    assert tab.focused() == "f-length"  # the cursor is where the fix goes
    assert page.input_value("#f-length") == "3,4"  # what was typed is kept
    assert page.locator(".field-error").count() == 1
    assert page.locator("section.result").count() == 0
    summary = page.locator("p.problem a")  # the summary above the form leads to the field
    assert summary.get_attribute("href") == "#f-length"
    tab.shot(shots, "check-error-field")


def test_an_error_in_pasted_yaml_is_shown_by_the_text_box(tab: Page, shots: Path) -> None:
    tab.goto("/")
    tab.tab.fill("#f-spec_yaml", "name: Pasted\nlength: 33 95 mm\n")
    _submit(tab, "Check")
    page = tab.tab
    assert page.locator("#length-error").count() == 0  # not by the empty length box
    error = page.locator("#spec_yaml-error")
    assert "line 2" in error.inner_text() and "length" in error.inner_text()
    assert tab.focused() == "f-spec_yaml"
    tab.shot(shots, "check-error-yaml")


def test_keyboard_only(tab: Page, shots: Path) -> None:
    """Tab to the fields, type, press Enter: checked, and the focus was always visible."""
    tab.goto("/")
    keyboard = tab.tab.keyboard
    for _ in range(12):
        keyboard.press("Tab")
        if tab.focused() == "f-name":
            break
    assert tab.focused() == "f-name"
    outline = tab.tab.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"  # a visible focus ring
    keyboard.type("Typed")
    while tab.focused() != "f-length":
        keyboard.press("Tab")
    keyboard.type("3395")
    keyboard.press("Tab")  # the unit, a select: the arrow keys change it
    assert tab.tab.evaluate("document.activeElement.name") == "length__unit"
    keyboard.press("ArrowDown")  # m
    keyboard.press("Shift+Tab")
    with tab.tab.expect_navigation():
        keyboard.press("Enter")
    result = tab.tab.locator("section.result").inner_text()
    assert "Typed under jp-kei" in result
    assert "3395 m" in result  # the unit chosen by arrow key: far too long
    assert tab.tab.locator(".badge").first.inner_text().strip() == "FAIL"
    tab.shot(shots, "check-keyboard")


@pytest.mark.parametrize("path", ["/", "/compare", "/routes", "/docs"])
def test_phone_width_has_no_sideways_scroll(phone: Page, shots: Path, path: str) -> None:
    phone.goto(path)
    assert phone.scroll_width() <= PHONE["width"]
    name = path.strip("/") or "check"
    phone.shot(shots, f"phone-{name}", full_page=False)  # the first screen
    phone.shot(shots, f"phone-{name}-all")


def test_phone_width_result(phone: Page, shots: Path) -> None:
    phone.goto("/")
    phone.tab.set_input_files("#f-spec_file", str(NBOX))
    _submit(phone, "Check")
    assert phone.tab.locator("section.result h1").is_visible()
    assert phone.tab.locator("section.result").bounding_box()["y"] < PHONE["height"]
    assert phone.scroll_width() <= PHONE["width"]
    phone.shot(shots, "phone-check-result", full_page=False)
    phone.shot(shots, "phone-check-result-all")


def test_compare_view(tab: Page, shots: Path) -> None:
    tab.goto("/compare")
    page = tab.tab
    specs = NBOX.read_text(encoding="utf-8") + "\n---\n" + CARRY.read_text(encoding="utf-8")
    page.fill("#f-specs_yaml", specs)
    page.select_option("#f-rulesets", ["jp-kei@1990", "jp-kei@1998"])
    page.fill("#f-on", ON)
    assert page.locator("input[name=on_manufactured]").count() == 0  # one date for all
    _submit(tab, "Compare")
    result = page.locator("section.result")
    text = result.inner_text()
    assert "jp-kei@1990" in text and "jp-kei@1998" in text
    assert "Honda N-Box" in text and "Carry" in text
    assert result.locator("table").count() >= 1
    chosen = page.eval_on_selector("#f-rulesets",
                                   "s => [...s.selectedOptions].map(o => o.value)")
    assert chosen == ["jp-kei@1990", "jp-kei@1998"]  # both kept for the next try
    tab.shot(shots, "compare")


def test_compare_view_error_by_the_specs(tab: Page, shots: Path) -> None:
    tab.goto("/compare")
    tab.tab.fill("#f-specs_yaml", "name: Good\n---\nname: Bad\nwidth: wide\n")
    _submit(tab, "Compare")
    error = tab.tab.locator("#specs_yaml-error")
    assert "specs_yaml #2" in error.inner_text() and "width" in error.inner_text()
    assert tab.focused() == "f-specs_yaml"
    tab.shot(shots, "compare-error")


def test_routes_view(tab: Page, shots: Path) -> None:
    tab.goto("/routes")
    page = tab.tab
    page.fill("#f-spec_yaml", CARRY.read_text(encoding="utf-8"))
    page.select_option("#f-market", "US")
    page.fill("#f-on", ON)
    _submit(tab, "Show routes")
    text = page.locator("section.result").inner_text()
    assert "import-25-year" in text
    assert page.input_value("#f-market") == "US"
    tab.shot(shots, "routes")
    state = page.eval_on_selector(  # the market's first state
        "#f-state", "s => s.querySelector('optgroup[label=US] option').value")
    page.select_option("#f-state", state)
    _submit(tab, "Show routes")
    assert state in page.locator("section.result").inner_text()
    assert page.input_value("#f-state") == state
    tab.shot(shots, "routes-state")


def test_routes_view_refuses_a_state_not_of_the_market(tab: Page) -> None:
    tab.goto("/routes")
    page = tab.tab
    page.fill("#f-spec_yaml", CARRY.read_text(encoding="utf-8"))
    page.eval_on_selector("#f-state", "s => s.add(new Option('ZZ', 'ZZ', true, true))")
    _submit(tab, "Show routes")
    assert "is not a region of market US" in page.locator("#state-error").inner_text()
    assert page.locator("#f-state optgroup[label=US] option").count() >= 50  # grouped by market
    assert tab.focused() == "f-state"


def test_docs_page_sends_a_request(tab: Page, shots: Path) -> None:
    tab.goto("/docs")
    form = tab.tab.locator("form.try").first
    form.get_by_role("button", name="Send").click()
    output = form.locator("output")
    output.filter(has_text="200").wait_for(timeout=10_000)
    assert '\n  "verdict": ' in output.inner_text()  # indented for reading
    tab.shot(shots, "docs")
