"""The staff's journeys in Debian's chromium, as the officials use the pages.

The companion of public_journeys.py (same approach, own store and server): seeds a demo store with
one account per role, starts `diarium serve` on a free loopback port and drives, with Selenium:

1. a request answered end to end the same day: the public puts a direct procurement with a
   marked tender amount and a document with secret content in the request list and sends it;
   the utlämnare finds it in the queue, attaches one more document through the page's search,
   assesses the procurement (every marking masked, plus one detail more), refuses the secret
   document with provision and motivering, releases the third, previews the copies, releases
   them, downloads the ZIP (read with zipfile: förteckning and copies, no masked value) and
   registers the decision with its appeal notice;
2. deviations: the handler reads in the agreements and purchases, audits the year with drafts,
   takes a draft up, escalates it one level at a time (a skipped level is refused beside its
   field, the note kept) and filters the list;
3. the board's report for the year: charts, tables, a figure to its documents, one opened;
4. the registrar's disposal page: what is due two years on, a hold placed (an unknown case refused
   beside its field) and lifted, a dry run, a run refused until confirmed, then run; the disposed
   meeting notice in the public register, marked and not requestable, and its disposal record;
5. the administrator: an account with a role and its one-time password, the audit log filtered
   by "request", the archive's check.

Every page a journey lands on is checked with axe-core (WCAG 2.1 A and AA) and, at the end, with
the W3C Nu validator; each journey leaves a screenshot under .build/screenshots/ (staff-*.png), and a
failure its page (staff-failure-N.png and .txt). Takes the binary as argv[1]; exits 1 on any
failure. The record of the checks, axe, the Nu validator (pages in .build/staff-pages/), fill and
the wait for the next page, and the start-up of store, server and browser are in
browser_support.py, shared with public_journeys.py; here every page a step lands on is checked
without being named, and buttons and links are matched with their visually hidden words.
"""
import hashlib, io, os, re, sys, traceback, unicodedata, urllib.parse, urllib.request, zipfile
from pathlib import Path
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select
import browser_support
from browser_support import REPO, SHOTS, fill

from staff_steps import (EXAMPLES, RUN, RELEASED_ZIPS, check, axe, navigating, goto, page_name, xpath_literal, press, follow,
                         main_text, shot, log_in_first_time, digits, shows_amount)
from staff_disposal_journey import registrar_journey


# Journey 1: a request answered end to end the same day.

def public_puts_in_list(driver, base, query, wanted, what):
    """From /sok?q=…, opens hits until `wanted(entry text)` holds, and presses Begär ut there; returns the number."""
    goto(driver, base + "/sok?q=" + urllib.parse.quote(query))
    links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "ol.hits h3 a")]
    check(links, f"the public search for {query!r} finds something")
    for href in links:
        goto(driver, href)
        entry = driver.find_element(By.CSS_SELECTOR, "dl.entry")
        if wanted(entry.text.replace("\u00a0", " ")):
            number = entry.find_element(By.CSS_SELECTOR, "dd").text
            press(driver, "Begär ut")
            check("Handlingen finns i din lista" in driver.page_source, f"Begär ut puts {number} in the list")
            return number
    check(False, f"the public search for {query!r} has {what}")
    return None


def request_journey(driver, base, one_time):
    driver.delete_all_cookies()
    # The public: a direct procurement with a withheld tender amount, and a document whose content is secret.
    procurement = public_puts_in_list(driver, base, "dokumentation av direktupphandling",
                                      lambda t: re.search(r"Handlingstyp\s*\n?\s*Dokumentation av direktupphandling", t) is not None,
                                      "a direct procurement")
    secret = public_puts_in_list(driver, base, "anbud",
                                 lambda t: re.search(r"Innehåll\s*\n?\s*Uppgift skyddad enligt", t) is not None,
                                 "a document whose content is withheld")
    if not procurement or not secret:
        return
    goto(driver, base + "/begaran")
    table = driver.find_element(By.TAG_NAME, "table").text
    check(procurement in table and secret in table, "the request list shows both documents")
    fill(driver, {"beskrivning": "Dokumentationen av direktupphandlingen av ultraljudsgel och anbudet.", "epost": "journalist@example.se"})
    press(driver, "Skicka begäran")
    text = main_text(driver)
    check("Din begäran är mottagen" in text, "the receipt says the request was received")
    found = re.search(r"Begäran (RS \d{4}/\d{4})", text)
    check(found is not None, "the receipt gives the request number")
    if not found:
        return
    request = found.group(1)
    shot(driver, "request-1-receipt")

    # The utlämnare: the queue, the request.
    log_in_first_time(driver, base, "utlamnare", one_time)
    follow(driver, "Begäranden")
    queue = main_text(driver)
    check(request in queue, f"the queue lists {request}")
    row = driver.find_element(By.XPATH, f"//tbody/tr[td[1]/a[normalize-space(.)={xpath_literal(request)}]]")
    check("0 av 2" in row.text and "webbdiariet" in row.text, f"the queue's row says 0 of 2 assessed, from the web: {row.text}")
    follow(driver, request)
    check("/personal/begaran/arende?nr=" in driver.current_url, "the queue's link opens the request")
    text = main_text(driver)
    check(f"Begäran {request}" in text and procurement in text and secret in text, "the request page lists both documents")
    check("Dokumentationen av direktupphandlingen av ultraljudsgel" in text, "the request page shows what the requester wrote")
    check("Inte prövad" in text, "the documents are not assessed yet")

    # One more document, through the search on the page: the request for tenders in the tender's case.
    fill(driver, {"q": "förfrågan"})
    press(driver, "Sök")
    hits = driver.find_elements(By.XPATH, "//input[@name='handling' and @type='checkbox' and not(@disabled)]"
                                          "[following-sibling::label[contains(., 'Förfrågan om')]]")
    check(hits, "the page's search finds the request for tenders to attach")
    if not hits:
        return
    extra = hits[0].get_attribute("value")
    hits[0].click()
    press(driver, "Lägg till i begäran")
    text = main_text(driver)
    check("Handlingarna är tillagda i begäran" in text and extra in text, f"{extra} is attached")
    row = driver.find_element(By.XPATH, f"//tbody/tr[td[1]/a[normalize-space(.)={xpath_literal(procurement)}]]")
    check(re.search(r"belopp \(31 kap\. 16 § OSL\)", row.text.replace("\u00a0", " ")) is not None,
          f"the procurement's marked tender amount is proposed: {row.text}")
    check("Texten är sekretessmarkerad" not in text and "sekretessmarkerad, )" not in text,
          "the request page does not call the requester's unmarked text and e-mail secret")

    # The procurement: every marking masked, and one detail more.
    assess_link(driver, request, procurement)
    check(f"Pröva {procurement} i begäran {request}" in main_text(driver), "the assessment page names document and request")
    fill(driver, {"utfall-lamna-ut": True})
    masked = []
    answers = driver.find_elements(By.CSS_SELECTOR, "fieldset.answer")
    check(answers, "the procurement's markings are proposed")
    for answer in answers:
        legend = answer.find_element(By.TAG_NAME, "legend").text
        mask = answer.find_element(By.CSS_SELECTOR, "input[value=mask]")
        check(mask.find_element(By.XPATH, "following-sibling::label").text.startswith("Maskera enligt"), f"the marking {legend} can be masked")
        mask.click()
        masked.append((legend, answer.find_element(By.CSS_SELECTOR, "p.value").text))
    check(any("belopp" in legend.lower() and digits(value) for legend, value in masked),
          f"a tender amount is among the markings: {masked}")
    # One more detail through the rows: a tender amount if none is marked, else the number of a supplier
    # that was invited but did not tender.
    row = Select(driver.find_element(By.ID, "mask-0-falt"))
    options = [(o.get_attribute("value"), o.text) for o in row.options if o.get_attribute("value")]
    tender_amounts = [o for o in options if re.fullmatch(r"tenders\[\d+\]\.amount", o[0])]
    marked_amount = any("belopp" in legend.lower() for legend, _ in masked)
    choice = (tender_amounts[0] if tender_amounts and not marked_amount else
              next((o for o in options if re.fullmatch(r"suppliersInvited\[\d+\]\.orgnr", o[0]) and not any(
                  o[1].rsplit(": ", 1)[-1] in x[1] for x in options if x[0] != o[0])), None))
    check(choice is not None, f"the rows offer a detail to mask: {options}")
    if choice:
        row.select_by_value(choice[0])
        Select(driver.find_element(By.ID, "mask-0-bestammelse")).select_by_value("osl-31-16")
        masked.append(tuple(choice[1].rsplit(": ", 1)))
    print("  masked:", masked)
    press(driver, "Fler rader")
    check(len(driver.find_elements(By.CSS_SELECTOR, "select[name='mask.falt']")) == 4, "Fler rader adds rows without script")
    check(driver.find_element(By.ID, "mask-0-falt").get_attribute("value") == (choice[0] if choice else ""), "the chosen row is kept")
    check(all(a.find_element(By.CSS_SELECTOR, "input[value=mask]").is_selected() for a in driver.find_elements(By.CSS_SELECTOR, "fieldset.answer")),
          "the answers are kept")
    shot(driver, "request-2-assess-procurement")
    press(driver, "Spara prövningen")
    check("/personal/begaran/forhandsgranska" in driver.current_url, "saved, the preview opens")
    preview = main_text(driver)
    check(f"Förhandsgranska kopian av {procurement}" in preview, "the preview names the document")
    copies = "\n".join(pre.text for pre in driver.find_elements(By.CSS_SELECTOR, "pre.document")).replace("\u00a0", " ")
    check(copies and ("Sekretess" in copies or "31 kap. 16 §" in copies), "the copies on the preview show the masking's marker or provision")
    for label, value in masked:
        check(not shows_amount(preview, value) if digits(value) else value not in preview, f"the preview does not show {label}: {value}")
    shot(driver, "request-3-preview")
    follow(driver, f"Tillbaka till begäran {request}")

    # The secret document: refused whole, with provision and motivering.
    assess_link(driver, request, secret)
    fill(driver, {"utfall-vagra": True, "grund": "Sekretessen omfattar hela handlingen",
                  "motivering": "Anbudet innehåller leverantörens affärs- och driftförhållanden; allt i det omfattas av sekretess."})
    Select(driver.find_element(By.ID, "vagra-bestammelse")).select_by_value("osl-31-16")
    press(driver, "Spara prövningen")
    text = main_text(driver)
    check("Prövningen är sparad" in text, "the refusal is saved")
    row = driver.find_element(By.XPATH, f"//tbody/tr[td[1]/a[normalize-space(.)={xpath_literal(secret)}]]")
    check("vägras enligt 31 kap. 16 § OSL" in row.text.replace("\u00a0", " "), f"the request shows the refusal and its provision: {row.text}")

    # The document attached on the page: released as it is.
    assess_link(driver, request, extra)
    fill(driver, {"utfall-lamna-ut": True})
    if driver.find_elements(By.ID, "granskad"):
        fill(driver, {"granskad": True})
    press(driver, "Spara prövningen")
    check("/personal/begaran/forhandsgranska" in driver.current_url, "the release's preview opens")
    follow(driver, f"Tillbaka till begäran {request}")
    text = main_text(driver)
    check("Inte prövad" not in text, "every document is assessed")

    # The copies. The tender's case holds a tender whose sender is still marked (tender secrecy): the leak
    # check stops a release that names that supplier, and the page says which detail of which document.
    press(driver, "Lämna ut kopiorna")
    text = main_text(driver)
    stopped = re.search(r"innehåller den maskerade eller sekretessbelagda uppgiften .*? \((\S+)\) i ([A-Z]{2} \d{4}/\d{4}-\d+)", text)
    if stopped:
        check(len(driver.find_elements(By.XPATH, "//a[starts-with(normalize-space(.), 'Ladda ned kopiorna')]")) == 0, "a stopped release gives no ZIP")
        check("Utlämnandet stoppades av läckkontrollen" in text, "the request's history shows the stop")
        shot(driver, "request-4-leak-check-stop")
        # The award is made: the official attaches that tender by its number and lifts its markings.
        tender = stopped.group(2)
        fill(driver, {"nummer": tender})
        press(driver, "Lägg till i begäran")
        check("Handlingarna är tillagda i begäran" in main_text(driver), f"{tender}, typed, is attached")
        assess_link(driver, request, tender)
        fill(driver, {"utfall-lamna-ut": True})
        answers = driver.find_elements(By.CSS_SELECTOR, "fieldset.answer")
        check(answers, f"{tender}'s markings are proposed")
        for answer in answers:
            answer.find_element(By.CSS_SELECTOR, "input[value=lift]").click()
        fill(driver, {"motivering": "Tilldelningsbeslut har fattats och avtal är tecknat; anbudssekretessen har upphört."})
        press(driver, "Spara prövningen")
        check("/personal/begaran/forhandsgranska" in driver.current_url, "the lifted tender's preview opens")
        follow(driver, f"Tillbaka till begäran {request}")
        press(driver, "Lämna ut kopiorna")
        text = main_text(driver)
        released_numbers = (procurement, extra, tender)
    else:
        released_numbers = (procurement, extra)
    check("Kopiorna är utlämnade och läckkontrollerade" in text, f"the copies are released: {text[:600]}")
    links = driver.find_elements(By.XPATH, "//a[starts-with(normalize-space(.), 'Ladda ned kopiorna')]")
    check(len(links) == 1, "the page links the ZIP")
    shot(driver, "request-5-released")
    if links:
        cookies = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
        with urllib.request.urlopen(urllib.request.Request(links[0].get_attribute("href"), headers={"Cookie": cookies}), timeout=20) as r:
            check(r.headers.get("Content-Type") == "application/zip", f"the download is a ZIP: {r.headers.get('Content-Type')}")
            data = r.read()
        RELEASED_ZIPS.append(hashlib.sha256(data).hexdigest())
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            names = archive.namelist()
            texts = {n: archive.read(n).decode("utf-8", errors="replace") for n in names}
        except zipfile.BadZipFile:
            check(False, "the ZIP opens")
            names, texts = [], {}
        print("  ZIP:", names)
        check(any(Path(n).name == "forteckning.txt" for n in names), f"the ZIP holds forteckning.txt: {names}")
        check(len([n for n in names if Path(n).name != "forteckning.txt" and not n.endswith("/")]) >= 2, f"the ZIP holds the copies: {names}")
        check(not any(secret.replace(" ", "_").replace("/", "-") in n for n in names), f"the ZIP has no copy of the refused {secret}")
        procurement_copies = "\n".join(t for n, t in texts.items() if procurement.replace(" ", "_").replace("/", "-") in n).replace("\u00a0", " ")
        check("31 kap. 16 §" in procurement_copies, "the procurement's copies in the ZIP name the provision where the amount was")
        listing = next((t for n, t in texts.items() if Path(n).name == "forteckning.txt"), "")
        for number in released_numbers:
            check(number in listing, f"the förteckning lists {number}")
        for name, content in texts.items():
            for label, value in masked:
                check(not shows_amount(content, value) if digits(value) else value not in content, f"{name} in the ZIP does not hold {label}: {value}")

    # The decision.
    press(driver, "Skriv och registrera beslutet")
    text = main_text(driver)
    check("/personal/handling" in driver.current_url and "Handlingen är registrerad som" in text, "the decision is registered")
    check("Beslut om utlämnande" in text, "the decision page says Beslut om utlämnande")
    check(re.search(r"överklaga", text, re.I) is not None and "kammarrätten" in text, "the decision gives the appeal notice")
    check(secret in text and procurement in text, "the decision names the documents")
    shot(driver, "request-6-decision")
    goto(driver, base + "/personal/begaran/arende?nr=" + urllib.parse.quote(request))
    text = main_text(driver)
    check("Beslutet är registrerat" in text and "Lägg till handlingar" not in text, "the decided request shows its decision and takes no more documents")


def assess_link(driver, request, document):
    """Follows the request page's Pröva link of `document`."""
    follow(driver, f"Pröva {document}")
    check("/personal/begaran/prova" in driver.current_url, f"Pröva opens the assessment of {document}")


# Journey 2: deviations.

def deviation_journey(driver, base, one_time):
    log_in_first_time(driver, base, "handlaggare", one_time)
    follow(driver, "Inköp och avtal")
    for field, name, button, what in [("avtal-fil", "agreements.csv", "Läs in avtalen", "avtal"), ("inkop-fil", "purchases.csv", "Läs in inköpen", "inköp")]:
        driver.find_element(By.ID, field).send_keys(str(EXAMPLES / name))
        press(driver, button)
        text = main_text(driver)
        check(re.search(f"Filen {re.escape(name)} är inläst: \\d+ nya {what}, \\d+ ändrade, \\d+ oförändrade", text) is not None,
              f"{name} is read in: {text[:200]}")
    fill(driver, {"ar": "2026", "utkast": True})
    press(driver, "Granska")
    text = main_text(driver)
    found = re.search(r"Granskningen av 2026: (\d+) fynd bland (\d+) inköp, (\d+) nya utkast", text)
    check(found is not None and int(found.group(1)) > 0, f"the audit of 2026 has findings: {text[:300]}")
    drafts = driver.find_elements(By.XPATH, "//caption[.='Fynd']/ancestor::table//tbody//a[contains(@href, '/personal/avsteg/visa')]")
    check(drafts, "a finding links its draft")
    shot(driver, "deviation-1-audit")
    if not drafts:
        return
    # The first finding's draft.
    number = drafts[0].text
    navigating(driver, drafts[0].click)
    check("/personal/avsteg/visa?nr=" in driver.current_url, "the finding's link opens the deviation")
    text = main_text(driver)
    check("Utkast" in text and "Utkast öppnat (Granskning av inköp)" in text, f"the draft shows its state and origin: {text[:300]}")
    opened = driver.find_element(By.CSS_SELECTOR, "ol.timeline li").text
    check("av handlaggare" not in opened, f"the timeline does not say the viewer opened the audit's draft: {opened}")

    def step(choice, note, level=None):
        fill(driver, {"steg-" + choice: True})
        if level:
            fill(driver, {"niva": level})
        fill(driver, {"anteckning": note})
        press(driver, "Registrera steget")

    check(driver.find_element(By.CSS_SELECTOR, "label[for=steg-take-up]").text == "Ta upp utkastet och rapportera avsteget",
          "the draft offers to be taken up and reported")
    step("take-up", "Inköpet gjordes utanför avtalet; verksamheten informeras.")
    text = main_text(driver)
    check("Steget är registrerat i ärendet" in text, "the step is registered")
    check(re.search(r"Status\s*\n?\s*Rapporterat", text) is not None, f"the status is Rapporterat: {text[:300]}")
    check("Taget upp och rapporterat av handlaggare" in text, "the timeline shows the take-up")

    levels = [o.text for o in Select(driver.find_element(By.ID, "niva")).options]
    check(len(levels) == 3, f"three escalation levels: {levels}")
    step("escalate", "Chefen tar ställning till inköpet.", levels[0])
    text = main_text(driver)
    check(f"Eskalerat till {levels[0]}" in text and re.search(r"Nivå\s*\n?\s*" + re.escape(levels[0]), text) is not None,
          f"escalated to {levels[0]}: the level and the timeline show it")
    check(Select(driver.find_element(By.ID, "niva")).first_selected_option.text == levels[1], "the next level is proposed")

    # A level skipped: refused beside the field, the note kept.
    skipped = "Direkt till regiondirektören, förbi förvaltningen."
    step("escalate", skipped, levels[2])
    text = main_text(driver)
    errors = driver.find_elements(By.ID, "niva-fel")
    check(errors and errors[0].text.strip(), f"a skipped level is refused beside the field: {text[:400]}")
    if errors:
        print("  refusal:", errors[0].text)
        check("niva-fel" in (driver.find_element(By.ID, "niva").get_attribute("aria-describedby") or ""), "the refusal is linked to its field")
        check(driver.find_element(By.ID, "niva").get_attribute("aria-invalid") == "true", "the level field is marked invalid")
    check(driver.find_element(By.ID, "anteckning").get_attribute("value") == skipped, "the typed note is kept")
    check(f"Eskalerat till {levels[2]}" not in text, "nothing is registered")
    timeline = driver.find_element(By.CSS_SELECTOR, "ol.timeline").text
    check(skipped not in timeline, f"the refused step's note is not shown as a registered step's: {timeline}")
    shot(driver, "deviation-2-skipped-level")

    step("escalate", "Förvaltningens ledning tar över.", levels[1])
    text = main_text(driver)
    check(f"Eskalerat till {levels[0]}" in text and f"Eskalerat till {levels[1]}" in text, "the timeline shows both escalations")
    timeline = driver.find_elements(By.CSS_SELECTOR, "ol.timeline li")
    check(len(timeline) == 4, f"the timeline has the draft, the take-up and two escalations: {[li.text for li in timeline]}")
    shot(driver, "deviation-3-escalated")

    # The list, filtered.
    follow(driver, "Avsteg")
    fill(driver, {"status": "Eskalerat", "organisation": "Region Sörmland"})
    press(driver, "Visa")
    check("status=escalated" in driver.current_url, "the filter is a link")
    rows = driver.find_elements(By.CSS_SELECTOR, "tbody tr")
    listed = [r.find_element(By.CSS_SELECTOR, "td a").text for r in rows]
    check(number in listed, f"the filtered list has {number}: {listed}")
    check(all(r.find_elements(By.TAG_NAME, "td")[5].text == "Eskalerat" and r.find_elements(By.TAG_NAME, "td")[2].text == "Region Sörmland" for r in rows),
          f"every row is escalated and in Region Sörmland: {[r.text for r in rows]}")
    check("RV 2026/0002-1" not in listed, "the other region's escalated report is filtered out")
    shot(driver, "deviation-4-list")


# Journey 3: the board.

def board_journey(driver, base, one_time):
    log_in_first_time(driver, base, "namnd", one_time)
    follow(driver, "Nämndens uppföljning")
    fill(driver, {"fran": "2026-01-01", "till": "2026-12-31"})
    press(driver, "Visa rapporten")
    text = main_text(driver)
    check(re.search(r"\d+ avsteg rapporterade under perioden", text) is not None, f"the report gives the count: {text[:300]}")
    charts = driver.find_elements(By.CSS_SELECTOR, "figure.chart svg[role=img]")
    check(len(charts) >= 3, f"the report has charts: {len(charts)}")
    check(all(c.find_elements(By.CSS_SELECTOR, "rect") for c in charts), "each chart has bars")
    captions = [c.text for c in driver.find_elements(By.CSS_SELECTOR, "table caption")]
    check("Avsteg per typ" in captions and "Avsteg per region" in captions, f"the tables beside the charts: {captions}")
    check("Inköp utanför avtal" in text and "Region Sörmland" in text, "the tables name types and regions")
    shot(driver, "board-1-report")
    figure = driver.find_element(By.XPATH, "//caption[.='Avsteg per typ']/ancestor::table//tbody//a")
    count = figure.text.split()[0]
    anchor = figure.get_attribute("href").split("#", 1)[1]
    figure.click()
    check(driver.current_url.endswith("#" + anchor), "the figure leads to its documents")
    heading = driver.find_element(By.ID, anchor)
    documents = heading.find_elements(By.XPATH, "following-sibling::ul[1]/li/a")
    check(f"({count})" in heading.text and len(documents) == int(count), f"the documents behind the figure {count}: {heading.text}, {len(documents)}")
    if documents:
        number = documents[0].text
        navigating(driver, documents[0].click)
        check(number in main_text(driver), f"the document link opens {number}")
        shot(driver, "board-2-document")


# Journey 5: administration.

def admin_journey(driver, base, one_time):
    log_in_first_time(driver, base, "admin", one_time)
    follow(driver, "Konton")
    fill(driver, {"namn": "karin.berg", "ny-registrator": True})
    for box in driver.find_elements(By.CSS_SELECTOR, "input[id^='ny-org-']"):
        if not box.is_selected():
            box.click()
    press(driver, "Skapa kontot")
    text = main_text(driver)
    check("Kontot karin.berg är skapat" in text, "the account is created")
    password = re.search(r"Engångslösenord för karin.berg: (\S+)", text)
    check(password is not None, f"the one-time password is shown: {text[:300]}")
    check(re.search(r"karin\.berg \(engångslösenord\)", text) is not None, "the list shows the new account with its one-time password")
    account = driver.find_element(By.XPATH, "//form[h3[starts-with(normalize-space(.), 'karin.berg')]]")
    check("Roller: registrator." in account.text, f"the list shows the account's role: {account.text[:200]}")
    shot(driver, "admin-1-account")

    follow(driver, "Granskningsloggen")
    fill(driver, {"vad": "request"})
    press(driver, "Visa")
    rows = driver.find_elements(By.CSS_SELECTOR, "tbody tr")
    actions = [r.find_elements(By.TAG_NAME, "td")[3].text for r in rows]
    check(rows and all(a.startswith("request") for a in actions), f"the log filtered by request: {sorted(set(actions))}")
    check(any(r.find_elements(By.TAG_NAME, "td")[2].text == "utlamnare" for r in rows), "the log shows the utlämnare's steps")
    shot(driver, "admin-2-log")

    follow(driver, "Kontrollera arkivet")
    press(driver, "Kontrollera nu")
    text = main_text(driver)
    check("Arkivet är helt" in text, f"the archive check: {text[:300]}")
    for sha in RELEASED_ZIPS:
        check(sha not in text, f"the check does not call the released ZIP ({sha[:12]}…) an archive object no record points to")
    shot(driver, "admin-3-verify")

    # The new account logs in with its one-time password.
    if password:
        log_in_first_time(driver, base, "karin.berg", password.group(1))
        check("Registrera handling" in driver.find_element(By.CSS_SELECTOR, "nav.staff").text, "the new account has the registrar's menu")


def main():
    binary = browser_support.binary_from_argv()
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob("staff-*"):
        old.unlink()
    home = os.environ.get("DIARIUM_HOME", str(REPO))
    with RUN.demo_server(binary, home, "diarium-staff-browser-") as demo, RUN.chromium() as driver:
        base, passwords = demo.base, demo.passwords
        for name, journey, account in [("request answered the same day", request_journey, "utlamnare"),
                                       ("deviations", deviation_journey, "handlaggare"),
                                       ("the board", board_journey, "namnd"),
                                       ("disposal", registrar_journey, "registrator"),
                                       ("administration", admin_journey, "admin")]:
            print("journey:", name)
            before = len(RUN.failures)
            try:
                journey(driver, base, passwords.get(account, ""))
            except Exception as e:  # one broken journey must not hide the others
                traceback.print_exc()
                check(False, f"journey {name} stopped: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}")
            print(f"  {'passed' if len(RUN.failures) == before else f'{len(RUN.failures) - before} failed'}")
    RUN.validate_pages()
    print(f"staff journeys: {RUN.passed} checks passed, {len(RUN.failures)} failed, {len(RUN.pages)} pages checked with axe and the Nu validator")
    if RUN.failures:
        sys.exit(1)
    print(f"staff journeys: all passed; screenshots in {SHOTS}")


if __name__ == "__main__":
    main()
