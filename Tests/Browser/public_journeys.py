"""Public webbdiarium journeys in Debian's chromium, as a person uses the pages.

Run by `make browser-test` (part of `make test`): seeds a demo store, starts `diarium serve` on a
free loopback port, drives the pages with Selenium, checks each page with axe-core (WCAG 2.1 A and
AA) and saves a screenshot of each journey's last page under .build/screenshots/.
"""
import os, socket, subprocess, sys, tempfile, time, urllib.request
from pathlib import Path
from selenium import webdriver
from selenium.webdriver.common.by import By

REPO = Path(__file__).resolve().parents[2]
BINARY = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / ".build/debug/diarium"
SHOTS = REPO / ".build/screenshots"
AXE = next(Path(sys.prefix).glob("lib/python*/site-packages/axe_playwright_python/axe.min.js")).read_text()
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL:", what)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def axe(driver, page):
    driver.execute_script(AXE)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        ".then(r => done(r.violations.map(v => v.id + ': ' + v.nodes.length)));")
    check(not result, f"axe on {page}: {result}")


def main():
    SHOTS.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="diarium-browser-"))
    store = work / "archive"
    env = dict(os.environ, DIARIUM_HOME=str(REPO))
    subprocess.run([str(BINARY), "demo", "--store", str(store)], env=env, check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    server = subprocess.Popen([str(BINARY), "serve", "--store", str(store), "--port", str(port)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        options = webdriver.ChromeOptions()
        for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1200,1400", "--lang=sv-SE"]:
            options.add_argument(a)
        options.binary_location = "/usr/bin/chromium"
        driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path="/usr/bin/chromedriver"), options=options)
        driver.set_script_timeout(30)
        try:
            # axe itself first: a page it must fault, so that a silent axe cannot pass the rest.
            driver.get("data:text/html,<html><body><input type=text></body></html>")
            driver.execute_script(AXE)
            found = driver.execute_async_script(
                "const done = arguments[arguments.length - 1];"
                "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a']}}).then(r => done(r.violations.length));")
            check(found > 0, "axe finds the faults of a page without lang and labels")

            # Journey 1: the start page, a search typed into the form, a hit opened.
            driver.get(base + "/")
            check(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "sv", "lang=sv")
            check("Senast registrerade" in driver.page_source, "the start page lists the latest registrations")
            axe(driver, "/")
            box = driver.find_element(By.ID, "q")
            box.send_keys("anbud")
            box.submit()
            check("/sok?" in driver.current_url and "q=anbud" in driver.current_url, "the search is a shareable GET link")
            check("Sökningen ger" in driver.page_source, "the hit count is shown")
            axe(driver, "/sok?q=anbud")
            hits = driver.find_elements(By.CSS_SELECTOR, "ol.hits h3 a")
            check(len(hits) > 0, "the search finds the demo's tenders")
            withheld = [h for h in driver.find_elements(By.CSS_SELECTOR, "ol.hits li") if "Sekretess enligt" in h.text]
            target = (withheld[0] if withheld else driver).find_element(By.CSS_SELECTOR, "h3 a")
            target.click()
            check("Diarienummer" in driver.page_source, "the entry page shows its number")
            if withheld:
                check("Uppgift skyddad enligt" in driver.page_source, "a withheld detail names its provision")
            check("Andra handlingar i ärendet" in driver.page_source, "the entry lists its case")
            axe(driver, "entry")
            driver.save_screenshot(str(SHOTS / "public-search-to-entry.png"))

            # Journey 2: a diarienummer typed in lower case opens its entry; then the case.
            number = driver.find_element(By.CSS_SELECTOR, "dl.entry dd").text
            driver.get(base + "/")
            box = driver.find_element(By.ID, "q")
            box.send_keys(number.lower())
            box.submit()
            check("/handling?" in driver.current_url, "a typed number opens its entry")
            driver.find_element(By.CSS_SELECTOR, "p.crumb a").click()
            check("Handlingar i ärendet" in driver.page_source, "the case page lists its documents")
            axe(driver, "case")
            driver.save_screenshot(str(SHOTS / "public-number-to-case.png"))

            # Journey 3: a date that is no date is named beside its field; the other pages.
            driver.get(base + "/sok?q=anbud&fran=igår")
            check("Från och med:" in driver.page_source, "a bad date is named in Swedish")
            axe(driver, "error")
            driver.save_screenshot(str(SHOTS / "public-bad-date.png"))
            for page in ["/tillganglighet", "/granskning", "/api"]:
                driver.get(base + page)
                axe(driver, page)
            driver.save_screenshot(str(SHOTS / "public-open-data.png"))
        finally:
            driver.quit()
    finally:
        server.terminate()
        server.wait(timeout=20)
    if failures:
        print(f"browser journeys: {len(failures)} failed")
        sys.exit(1)
    print(f"browser journeys: all passed; screenshots in {SHOTS}")


if __name__ == "__main__":
    main()
