"""The web application's journeys in Debian's chromium, as a person uses the pages.

Run by `make browser-test` (part of `make test`): seeds a demo store with one account per role,
starts `diarium serve` on a free loopback port, drives the pages with Selenium (the public's
search, entry, request list and receipt; the handler's procurement form, refused over the limit
and documented when lowered; the registrar's upload with a secret counterparty; a deviation
report), checks each page with axe-core (WCAG 2.1 A and AA) and saves a screenshot of each
journey's last page under .build/screenshots/. At the end the checked pages go through the W3C Nu
validator (from .build/pages/). Takes the binary as argv[1]; exits 1 on any failure.

The record of the checks, axe, the Nu validator, fill and the wait for the next page, and the
start-up of store, server and browser are in browser_support.py, shared with staff_journeys.py;
this script keeps its own exact button and link matching, its page names and its screenshots.
"""
import re, sys
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select
import browser_support
from browser_support import REPO, SHOTS, fill, navigating

# The record of this script's checks: a failure's page as SHOTS/failure-N.png and .txt, the pages for
# the Nu validator in .build/pages/.
RUN = browser_support.Run(failure_prefix="failure", pages_folder=REPO / ".build/pages")
check, axe = RUN.check, RUN.axe


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


def main():
    binary = browser_support.binary_from_argv()
    SHOTS.mkdir(parents=True, exist_ok=True)
    with RUN.demo_server(binary, REPO, "diarium-browser-") as demo, RUN.chromium() as driver:
        base, passwords = demo.base, demo.passwords
        pdf = demo.work / "anbud-stad.pdf"
        pdf.write_bytes(minimal_pdf("Anbud pa stadtjanster fran Hemliga Stad AB"))

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
    RUN.validate_pages()
    if RUN.failures:
        print(f"browser journeys: {len(RUN.failures)} failed")
        sys.exit(1)
    print(f"browser journeys: all passed; screenshots in {SHOTS}")


if __name__ == "__main__":
    main()
