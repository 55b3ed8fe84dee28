"""The dashboard in a real browser: Debian's headless Chromium, driven by selenium.

A supervisor asks the bot "แดชบอร์ด" (a signed webhook; the link observed at the emulator),
opens the link, sees their agency's projects, filters to the late ones, opens a project,
downloads the spreadsheet and the PDF, and is refused another agency's page. With
TIDTAM_SCREENS=DIR it also saves phone-width screenshots there (`make screens`: docs/screens).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.dash_kit import dash, link_for
from tests.sample import CODE, SUP_BN
from tests.stack import Stack

__all__ = ["dash"]
pytestmark = pytest.mark.processes
CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=390,844")


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[webdriver.Chrome]:
    """Headless Chromium with a fresh profile, downloading into tmp_path/downloads."""
    for path in (CHROMIUM, DRIVER):
        assert os.access(path, os.X_OK), f"{path} missing: apt-get install chromium chromium-driver"
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'profile'}")
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads), "download.prompt_for_download": False,
        "safebrowsing.enabled": False})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior",
                           {"behavior": "allow", "downloadPath": str(downloads)})
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def _arrived(folder: Path, suffix: str, timeout: float = 30) -> Path:
    """The file with that suffix once the browser has finished writing it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in folder.glob(f"*{suffix}") if p.stat().st_size > 0]
        if done and not list(folder.glob("*.crdownload")):
            return done[0]
        time.sleep(0.1)
    raise AssertionError(f"no {suffix} arrived in {folder}: {list(folder.iterdir())}")


def _shot(driver: webdriver.Chrome, name: str) -> None:
    """Save a phone-width screenshot when TIDTAM_SCREENS names a folder."""
    folder = os.environ.get("TIDTAM_SCREENS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        driver.execute_script("document.fonts && document.fonts.ready")
        time.sleep(0.3)
        driver.save_screenshot(str(Path(folder) / f"{name}.png"))


def _codes(driver: webdriver.Chrome, css: str = "article.project") -> set[str]:
    return {e.get_attribute("data-code") or "" for e in driver.find_elements(By.CSS_SELECTOR,
                                                                              css)}


def test_a_supervisor_signs_in_filters_opens_downloads_and_is_refused_elsewhere(
        dash: Stack, browser: webdriver.Chrome, tmp_path: Path) -> None:
    downloads = tmp_path / "downloads"
    link = link_for(dash, SUP_BN)  # what the bot sent in chat after "แดชบอร์ด"
    browser.get(link)
    assert browser.current_url == f"{dash.bot_url}/dash/"
    assert _codes(browser) == {CODE, "50470000-3431"}
    assert "ภาพรวมโครงการ ปีงบประมาณ 2570" in browser.find_element(By.TAG_NAME, "h1").text
    _shot(browser, "overview")

    browser.find_element(By.ID, "filter-late").click()  # one tap: the late projects
    assert "state=late" in browser.current_url
    assert _codes(browser) == {"50470000-3431"}
    assert "ค้างส่ง 1 เดือน" in browser.find_element(By.CSS_SELECTOR, "article.project").text
    _shot(browser, "late-filter")

    browser.find_element(By.ID, "download-xlsx").click()
    sheet = _arrived(downloads, ".xlsx")
    rows = list(openpyxl.load_workbook(sheet)["โครงการ"].iter_rows(min_row=2, values_only=True))
    assert {r[0] for r in rows} == {CODE, "50470000-3431"}

    browser.find_element(By.CSS_SELECTOR, "article.project a.name").click()
    assert browser.current_url.endswith("/dash/p/50470000-3431")
    browser.get(f"{dash.bot_url}/dash/p/{CODE}")
    # On a busy machine the page may still be empty for a moment after the tap's navigation.
    WebDriverWait(browser, 20).until(lambda d: "ครั้งที่ 2 · เดือน" in d.page_source)
    assert "ครั้งที่ 2 · เดือน พ.ย. 2569" in browser.page_source
    width = browser.execute_script(
        "const i = document.querySelector('img.chart'); return i.complete && i.naturalWidth")
    assert int(width or 0) > 300  # the chart drew
    _shot(browser, "project")
    browser.find_element(By.ID, "download-pdf").click()
    pdf = _arrived(downloads, ".pdf")
    assert pdf.read_bytes().startswith(b"%PDF")

    browser.get(f"{dash.bot_url}/dash/overdue")
    assert _codes(browser, "article.owed") == {"50470000-3431"}
    _shot(browser, "overdue")

    browser.get(f"{dash.bot_url}/dash/p/50490000-3572")  # ทุ่งครุ: another agency
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "ไม่พบโครงการนี้ในโครงการที่ท่านดูได้" in body
    assert "Co-working" not in body
    browser.get(f"{dash.bot_url}/dash/?agency=50490000")
    assert "ไม่มีสิทธิ์" in browser.find_element(By.TAG_NAME, "body").text

    browser.get(link)  # spent, but tapped again in this signed-in browser: the dashboard
    assert "ภาพรวมโครงการ" in browser.find_element(By.TAG_NAME, "body").text
    browser.delete_all_cookies()  # another browser: the spent link opens nothing
    browser.get(link)
    assert "ถูกใช้ไปแล้ว" in browser.find_element(By.TAG_NAME, "body").text

