"""Journey 4 of staff_journeys.py: the registrar's disposal page (gallring) under the plan."""
import re, urllib.parse
from selenium.webdriver.common.by import By
from browser_support import fill
from staff_steps import check, goto, press, follow, main_text, shot, log_in_first_time


# Journey 4: the registrar's disposal (gallring) under the plan.

def registrar_journey(driver, base, one_time):
    log_in_first_time(driver, base, "registrator", one_time)
    follow(driver, "Gallring")
    # The demo's run disposed of the 2024 meeting notice: nothing is left to dispose of today.
    check("Inga handlingar är gallringsbara per" in main_text(driver), f"nothing is due today: {main_text(driver)[:300]}")
    fill(driver, {"per": "2029-01-01"})
    press(driver, "Visa")
    text = main_text(driver)
    check("Per 2029-01-01:" in text and "Begäran om allmän handling" in text and "Gallras" in text,
          f"two years on, the decided requests are due: {text[:600]}")
    shot(driver, "registrar-1-due")

    # A hold on a case, refused beside its field for a number that is not in the register.
    fill(driver, {"nr": "RS 2026/9999", "skal": "Tvist"})
    press(driver, "Stoppa gallring")
    check(driver.find_elements(By.ID, "nr-fel") and "case.not-found" in main_text(driver), "an unknown case is refused beside the number")
    check(driver.find_element(By.ID, "skal").get_attribute("value") == "Tvist", "the typed reason is kept")
    fill(driver, {"nr": "RS 2026/0001", "skal": "Tvist med leverantören om leveransen"})
    press(driver, "Stoppa gallring")
    text = main_text(driver)
    check("RS 2026/0001" in text and "Tvist med leverantören om leveransen" in text, "the hold is listed with its reason")
    fill(driver, {"hav0": "Tvisten är avgjord"})
    press(driver, "Häv stoppet")
    check("Inga gallringsstopp." in main_text(driver), "the hold is lifted")

    # A dry run changes nothing; a run must be confirmed.
    fill(driver, {"beslut": "Regionstyrelsen 2026-05-12 § 88, RS 2026/0100"})
    press(driver, "Provkör gallringen")
    check("Inget har ändrats" in main_text(driver), f"the dry run: {main_text(driver)[:300]}")
    press(driver, "Gallra nu")
    check(driver.find_elements(By.ID, "bekrafta-fel") and "disposal.not-confirmed" in main_text(driver), "a run is confirmed first")
    check(driver.find_element(By.ID, "beslut").get_attribute("value").startswith("Regionstyrelsen"), "the typed decision is kept")
    fill(driver, {"bekrafta": True})
    press(driver, "Gallra nu")
    check("Inget var gallringsbart i dag" in main_text(driver), f"the run: {main_text(driver)[:300]}")
    shot(driver, "registrar-2-run")

    # The disposed notice in the public register: its row stays, marked, and cannot be requested.
    goto(driver, base + "/handling?nr=" + urllib.parse.quote("IN 2026/0001-1"))
    text = main_text(driver)
    check("Gallrad" in text and "kan inte lämnas ut" in text, f"the public entry says it is disposed of: {text[:500]}")
    check(not driver.find_elements(By.XPATH, "//button[starts-with(normalize-space(.), 'Begär ut')]"), "a disposed document cannot be requested")
    record = re.search(r"gallringsprotokoll ((?:IN|RS|RV) \d{4}/\d{4}-\d+)", text)
    check(record is not None, "the entry names its disposal record")
    shot(driver, "registrar-3-disposed-public")
    if record:
        goto(driver, base + "/handling?nr=" + urllib.parse.quote(record.group(1)))
        check("Gallringsprotokoll" in main_text(driver), "the disposal record is in the public register")
