"""What every staff journey does: open and check a page, press a button or follow a link by its
words, read the main area, take a screenshot, log in for the first time, and look for an amount
however it is written. The record of the checks is this module's RUN, shared by the journeys of
staff_journeys.py.
"""
import re, unicodedata, urllib.parse
from selenium.webdriver.common.by import By
import browser_support
from browser_support import REPO, SHOTS, fill

# The v1 example files, as the repository keeps them for its tests (the same as ../shared/examples).
EXAMPLES = REPO / "Tests/DiariumKitTests/Fixtures"
# The record of this script's checks: a failure's page as SHOTS/staff-failure-N.png and .txt, the
# pages for the Nu validator in .build/staff-pages/.
RUN = browser_support.Run(failure_prefix="staff-failure", pages_folder=REPO / ".build/staff-pages")
check, axe = RUN.check, RUN.axe
RELEASED_ZIPS = []  # the SHA-256 of each ZIP the request journey downloaded


def navigating(driver, action):
    """Runs `action` (a click that sends a form or follows a link), waits for the next page and checks it."""
    browser_support.navigating(driver, action)
    axe(driver, page_name(driver))


def goto(driver, url):
    """Opens `url` as a typed address or a bookmark, and checks the page."""
    driver.get(url)
    axe(driver, page_name(driver))


def page_name(driver):
    """The page's path and query, as the Nu validator's file name and axe's report name it."""
    u = urllib.parse.urlsplit(driver.current_url)
    return urllib.parse.unquote(u.path + ("?" + u.query if u.query else ""))


def xpath_literal(text):
    return "'" + text + "'" if "'" not in text else 'concat(' + ", \"'\", ".join("'" + p + "'" for p in text.split("'")) + ')'


def press(driver, label):
    """Presses the button that reads `label` (visually hidden words included) and waits for the page it leads to."""
    button = driver.find_element(By.XPATH, f"//button[starts-with(normalize-space(.), {xpath_literal(label)})]")
    navigating(driver, button.click)


def follow(driver, text):
    """Follows the link whose whole text (visually hidden words included) reads `text`."""
    link = driver.find_element(By.XPATH, f"//a[normalize-space(.)={xpath_literal(text)}]")
    navigating(driver, link.click)


def main_text(driver):
    """What the page's main area shows, with no-break spaces as spaces."""
    return driver.find_element(By.TAG_NAME, "main").text.replace("\u00a0", " ").replace("\u202f", " ")


def shot(driver, name):
    """The whole page (the window as tall as the page for a moment), as a person scrolling it sees it."""
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1200, min(max(height + 140, 1400), 8000))
    driver.save_screenshot(str(SHOTS / f"staff-{name}.png"))
    driver.set_window_size(1200, 1400)


def log_in_first_time(driver, base, name, one_time):
    """Logs in with the one-time password and chooses a password of one's own."""
    driver.delete_all_cookies()
    goto(driver, base + "/logga-in")
    fill(driver, {"namn": name, "losenord": one_time})
    press(driver, "Logga in")
    check("/konto/losenord" in driver.current_url, f"{name}: a one-time password leads to the change")
    own = "ett eget lösenord i webbläsaren"
    fill(driver, {"current": one_time, "new": own, "repeated": own})
    press(driver, "Spara lösenordet")
    check("Ditt lösenord är bytt" in driver.page_source, f"{name}: the password is changed")
    check(f"Inloggad som {name}" in driver.find_element(By.CSS_SELECTOR, "nav.staff").text, f"{name}: the menu says who is logged in")


def digits(text):
    return re.sub(r"\D", "", text)


def shows_amount(text, amount):
    """Whether `text` shows the number `amount` in any grouping (an amount with or without its öre:
    259500.50 as "259 500,50 kr", "259.500,50", "259500.5" or "259 500 kr"; 556987-6542 as 5569876542)."""
    whole = re.split(r"[.,](?=\d{1,2}$)", amount.replace(" ", "").replace("\u00a0", "").removesuffix("kr"))[0]
    wanted = {digits(amount), digits(whole)}
    flat = unicodedata.normalize("NFKC", text)
    for m in re.finditer(r"\d[\d \u00a0.,\-]*\d|\d", flat):
        number = m.group(0)
        if digits(number) in wanted or digits(re.split(r"[.,](?=\d{1,2}$)", number)[0]) in wanted:
            return True
    return False
