"""Headless Chromium (Debian's `chromium` + `chromium-driver`, driven by Selenium) opens the dbt
docs site and the Superset KPI dashboard, saves screenshots in screenshots/ and checks that:

- the docs site shows the warehouse overview and a KPI model's page, and the page makes no
  request outside 127.0.0.1 (anonymous usage stats are off, so dbt's tracker is never loaded);
- every chart of every dashboard tab rendered with data: no spinner, no empty state, no error,
  a drawn chart (canvas), a number or table rows, as the chart's type requires; the top-company
  table shows the warehouse's rank-1 company;
- the dashboard's page sends nothing off the machine: any request to another host was blocked
  by the browser itself (Superset's bundled telemetry pixel, stopped by the Content-Security-
  Policy of dashboards/superset_config.py).

Opt-in, as it starts servers and takes a minute or two: `make test-browser` (which installs
Chromium if needed) sets TECHHUB_BROWSER_TESTS=1. It checks the warehouse users see, built by
`make demo`: database TECHHUB_BROWSER_DATABASE (default techhub_dwh) and dbt target folder
TECHHUB_BROWSER_TARGET_PATH (default target), not the test database of the other tests.
The docs server is started on a free port; Superset is started (and stopped afterwards) unless
one already answers on SUPERSET_PORT (default 8088).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(os.environ.get("TECHHUB_BROWSER_TESTS") != "1",
                       reason="browser test: run `make test-browser` (sets TECHHUB_BROWSER_TESTS=1)"),
]

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(os.environ.get("TECHHUB_SCREENSHOTS") or ROOT / "screenshots")
SPEC = yaml.safe_load((ROOT / "dashboards" / "kpi_dashboard.yml").read_text())
SUPERSET_URL = f"http://127.0.0.1:{os.environ.get('SUPERSET_PORT') or 8088}"
ADMIN_USER = os.environ.get("SUPERSET_ADMIN_USER", "admin")
ADMIN_PASSWORD = os.environ.get("SUPERSET_ADMIN_PASSWORD", "admin")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
# conftest points PGDATABASE at the test database; this test looks at the demo warehouse.
WAREHOUSE_ENV = {
    "PGDATABASE": os.environ.get("TECHHUB_BROWSER_DATABASE") or "techhub_dwh",
    "DBT_TARGET_PATH": os.environ.get("TECHHUB_BROWSER_TARGET_PATH") or "target",
    "DBT_LOG_PATH": os.environ.get("TECHHUB_BROWSER_LOG_PATH") or "logs",
}


def _warehouse_env() -> dict[str, str]:
    return {**os.environ, **WAREHOUSE_ENV}

# The flags the project requires, then a window large enough for a whole dashboard tab, and a
# resolver that knows no host but this one: Chromium's own background calls (component updates,
# account checks) cannot leave the machine. Requests a page makes still show in the DevTools
# log, so the network assertions below see them either way.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1600,2000",
    "--no-proxy-server",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
    "--lang=en-US",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _http_ok(url: str) -> bool:
    try:
        with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(url, timeout=5) as reply:
            return reply.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _wait_for(condition: Callable[[], Any], timeout: float, what: str, interval: float = 0.5) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


# --- fixtures --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    os.environ.setdefault("SE_AVOID_STATS", "true")  # Selenium Manager is not used, and must not report
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not chromium or not driver_path:
        pytest.fail("Debian's chromium and chromium-driver are needed: `make test-browser` installs them "
                    "(apt-get install -y chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="techhub-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=driver_path))
    driver.set_page_load_timeout(120)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def docs_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`techhub-dwh docs --serve` on a free port (it generates the site first if it is missing)."""
    port = _free_port()
    log_path = tmp_path_factory.mktemp("docs") / "docs.log"
    command = [str(Path(sys.executable).with_name("techhub-dwh")), "docs", "--serve", "--port", str(port)]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=_warehouse_env(), stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    url = f"http://127.0.0.1:{port}"

    def up() -> bool:
        if process.poll() is not None:
            raise AssertionError(f"`techhub-dwh docs --serve` exited ({process.returncode}):\n"
                                 + log_path.read_text()[-3000:])
        return _http_ok(f"{url}/index.html")

    try:
        _wait_for(up, 900, "the docs site")
        yield url
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)


@pytest.fixture(scope="module")
def dashboard() -> Iterator[str]:
    """Superset with the provisioned dashboard: `superset_ctl.py up` (install, init, start,
    provision); stopped afterwards when this test started it."""
    ctl = [sys.executable, str(ROOT / "dashboards" / "superset_ctl.py")]
    started_here = not _http_ok(f"{SUPERSET_URL}/health")
    result = subprocess.run([*ctl, "up"], cwd=ROOT, env=_warehouse_env(), capture_output=True, text=True,
                            timeout=1800)
    if result.returncode != 0:
        pytest.fail(f"`superset_ctl.py up` failed ({result.returncode}):\n{result.stdout[-3000:]}\n"
                    f"{result.stderr[-3000:]}")
    try:
        yield f"{SUPERSET_URL}/superset/dashboard/{SPEC['dashboard']['slug']}/"
    finally:
        if started_here:
            subprocess.run([*ctl, "stop"], cwd=ROOT, env=_warehouse_env(), check=False)


# --- network ---------------------------------------------------------------------------------

def _drain_network_log(driver: Any) -> None:
    driver.get_log("performance")


def _external_requests(driver: Any) -> list[tuple[str, str | None]]:
    """(url, blocked reason or None) of every request the pages made since the last drain to a
    host other than this machine."""
    urls: dict[str, str] = {}
    blocked: dict[str, str] = {}
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message["method"] in ("Network.requestWillBeSent", "Network.webSocketCreated"):
            url = params.get("request", {}).get("url") or params.get("url", "")
            urls[params["requestId"]] = url
        elif message["method"] == "Network.loadingFailed" and params.get("blockedReason"):
            blocked[params["requestId"]] = params["blockedReason"]
    external = []
    for request_id, url in urls.items():
        parts = urlsplit(url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOCAL_HOSTS:
            external.append((url, blocked.get(request_id)))
    return external


# --- docs ------------------------------------------------------------------------------------

def test_docs_site_shows_the_overview_and_calls_nothing_outside(browser: Any, docs_site: str,
                                                                screenshots: Path) -> None:
    from selenium.webdriver.common.by import By

    with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(f"{docs_site}/manifest.json") as reply:
        manifest = json.load(reply)
    assert manifest["metadata"]["send_anonymous_usage_stats"] is False, "dbt's anonymous usage stats must be off"

    _drain_network_log(browser)
    browser.get(f"{docs_site}/#!/overview")
    body = lambda: browser.find_element(By.TAG_NAME, "body").text  # noqa: E731
    _wait_for(lambda: "TechHub analytics warehouse" in body(), 60, "the overview page")
    text = body()
    for heading in ("Layers", "Cleaning rules, in brief", "Tracing a dashboard number to its source rows"):
        assert heading in text, f"the overview lacks the section {heading!r}"
    browser.save_screenshot(str(screenshots / "docs_overview.png"))

    model = "model.techhub_dwh.kpi_users_monthly"
    browser.get(f"{docs_site}/#!/model/{model}")
    _wait_for(lambda: "kpi_users_monthly" in body() and "registration_conversion" in body(), 60,
              "the kpi_users_monthly model page with its columns")
    time.sleep(1)  # let the column table finish drawing before the screenshot
    browser.save_screenshot(str(screenshots / "docs_kpi_users_monthly.png"))

    external = _external_requests(browser)
    assert external == [], f"the docs site requested other hosts: {external}"


# --- dashboard -------------------------------------------------------------------------------

# The state of one chart, read from the DOM by the browser. CHART-<key> (the id in the layout)
# is the id of the chart's anchor link, the first element inside its holder.
CHART_STATE_JS = """
const anchor = document.getElementById(arguments[0]);
const holder = anchor && anchor.closest('[data-test="dashboard-component-chart-holder"]');
if (!holder) { return null; }
const text = holder.innerText || '';
const canvas = holder.querySelector('canvas');
const bigNumber = holder.querySelector('.header-line');
return {
  title: (holder.querySelector('[data-test="editable-title"]') || {}).innerText || '',
  loading: !!holder.querySelector('[data-test="loading-indicator"], .loading'),
  empty: !!holder.querySelector('[data-test="empty-state"]')
         || /No results|No data/i.test(text),
  error: !!holder.querySelector('.ant-alert, [data-test="error-tooltip"]')
         || /Unexpected error|An error occurred|Error:/i.test(text),
  drawn: !!canvas && canvas.width > 0 && canvas.height > 0,
  number: bigNumber ? bigNumber.innerText.trim() : '',
  rows: Array.from(holder.querySelectorAll('table tbody tr')).map(row => row.innerText),
};
"""


def _chart_ok(kind: str, state: dict[str, Any] | None) -> bool:
    if not state or state["loading"] or state["empty"] or state["error"]:
        return False
    if kind.startswith("big_number"):
        return any(character.isdigit() for character in state["number"])
    if kind == "table":
        return len(state["rows"]) > 0
    return state["drawn"]


def _top_company_name() -> str:
    import psycopg2

    from techhub_dwh import db

    connection = psycopg2.connect(db.settings().dsn(WAREHOUSE_ENV["PGDATABASE"]))
    try:
        with connection.cursor() as cursor:
            cursor.execute("select name from kpi.kpi_top_companies where position = 1")
            row = cursor.fetchone()
    finally:
        connection.close()
    assert row is not None, "kpi.kpi_top_companies is empty: build the warehouse first (make demo)"
    return row[0]


def test_dashboard_renders_every_chart_with_data(browser: Any, dashboard: str, screenshots: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{SUPERSET_URL}/login/")
    _wait_for(lambda: browser.find_elements(By.ID, "username"), 60, "the login form")
    browser.find_element(By.ID, "username").send_keys(ADMIN_USER)
    browser.find_element(By.ID, "password").send_keys(ADMIN_PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    _wait_for(lambda: "/login" not in browser.current_url, 60, "the login to succeed")

    _drain_network_log(browser)
    browser.get(dashboard)
    first_tab = f"TABS-kpi-tab-TAB-{SPEC['tabs'][0]['key']}"
    _wait_for(lambda: browser.find_elements(By.ID, first_tab), 90, "the dashboard and its tabs")
    title = SPEC["dashboard"]["title"]
    header = browser.find_element(By.CSS_SELECTOR, '[data-test="editable-title-input"]').get_attribute("value")
    assert header == title and browser.title == title, f"dashboard titled {header!r} / {browser.title!r}"
    tab_titles = [element.text for element in browser.find_elements(By.CSS_SELECTOR, '[role="tab"]')]
    assert tab_titles == [tab["title"] for tab in SPEC["tabs"]], f"tabs: {tab_titles}"

    problems: list[str] = []
    for tab in SPEC["tabs"]:
        browser.find_element(By.ID, f"TABS-kpi-tab-TAB-{tab['key']}").click()
        charts = [chart for row in tab["rows"] for chart in row]
        states: dict[str, dict[str, Any] | None] = {}

        def rendered(charts: list[dict[str, Any]] = charts, states: dict[str, Any] = states) -> bool:
            for chart in charts:
                element_id = f"CHART-{chart['key']}"
                browser.execute_script(
                    "const e = document.getElementById(arguments[0]); if (e) e.scrollIntoView({block: 'nearest'});",
                    element_id)
                states[chart["key"]] = browser.execute_script(CHART_STATE_JS, element_id)
            return all(_chart_ok(chart["type"], states[chart["key"]]) for chart in charts)

        try:
            _wait_for(rendered, 120, f"the charts of the tab {tab['title']!r}", interval=1)
        except AssertionError:
            for chart in charts:
                if not _chart_ok(chart["type"], states.get(chart["key"])):
                    problems.append(f"{tab['title']} / {chart['title']}: {states.get(chart['key'])}")
        browser.execute_script("window.scrollTo(0, 0);")
        time.sleep(1.5)  # chart animations end before the screenshot
        browser.save_screenshot(str(screenshots / f"dashboard_{tab['key']}.png"))

        for chart in charts:
            state = states.get(chart["key"]) or {}
            if state.get("title") and state["title"].strip() != chart["title"]:
                problems.append(f"chart {chart['key']} is titled {state['title']!r}, not {chart['title']!r}")
        if tab["key"] == "companies":
            first_row = ((states.get("companies_top") or {}).get("rows") or [""])[0]
            top = _top_company_name()
            if top not in first_row:
                problems.append(f"the top-companies table starts with {first_row!r}, not the rank-1 company {top!r}")

    assert problems == [], "charts without data, or wrong:\n" + "\n".join(problems)

    external = _external_requests(browser)
    leaked = [url for url, reason in external if reason is None]
    assert leaked == [], f"the dashboard sent requests off this machine: {leaked}"
