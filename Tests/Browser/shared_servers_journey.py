"""Two `diarium serve` on one PostgreSQL store: a person moves between them without noticing.

Starts a throwaway PostgreSQL cluster (Tests/Postgres/cluster.sh, stopped in the end whatever
happens), makes a database, `diarium init --store S --database URL`, `diarium demo --accounts
--store S` (the demo on a PostgreSQL store, one account per role), and serves S twice, on two free
loopback ports (A and B). Cookies are per host, not per port, so headless chromium sends the same
cookies to both, as it would to two servers behind one load balancer. With Selenium:

1. one session on two servers: the handler logs in on A (the one-time password leads to the
   change); B's staff page shows her logged in, with the same form token (CSRF) as A's; a deviation
   draft saved on B with B's page (a forged token refused by B) is on A's Mina sidor and resumes
   there; the report sent on A and the same form sent again on B register one document;
2. logged out on B: A's staff page asks for login, also with the old cookie put back;
3. the public request form: put in the list and sent on A, registered; the same form (its
   one-time token) sent again on B is answered as already sent, with the same number; the request
   is registered once (`diarium request list`, and the utlämnare's queue, logged in on B);
4. login throttling: five wrong passwords for the registrar, on A and B in turn, stop her logins
   on both servers (neither server alone saw five); another account still logs in.

In the end `diarium verify` checks the store the two servers wrote. Every page is checked with
axe-core (WCAG 2.1 A and AA) and then the W3C Nu validator (pages in .build/shared-pages/);
screenshots as .build/screenshots/shared-*.png, a failure's page as shared-failure-N.png and .txt.
Takes the binary as argv[1]; exits 1 on any failure.

The steps (press, follow, goto, the first login) are staff_steps.py's; its record of the checks is
this script's, with this script's names for failure dumps and validator pages.
"""
import json, os, re, shutil, subprocess, sys, tempfile, time, traceback, urllib.error, urllib.parse, urllib.request
from contextlib import contextmanager
from pathlib import Path
from selenium.webdriver.common.by import By
import browser_support
from browser_support import REPO, SHOTS, DEMO_ACCOUNTS, fill, free_port
import staff_steps
from staff_steps import RUN, check, navigating, goto, press, follow, main_text, log_in_first_time, xpath_literal

# staff_steps' record of checks, with this script's failure dumps and validator folder (the staff
# journeys' own stay theirs when both scripts run).
RUN.failure_prefix = "shared-failure"
RUN.pages_folder = REPO / ".build/shared-pages"
CLUSTER = REPO / "Tests/Postgres/cluster.sh"
OWN_PASSWORD = "ett eget lösenord i webbläsaren"  # what staff_steps.log_in_first_time chooses
SESSION_COOKIE = "diarium_session"


def shot(driver, name):
    """The whole page, as shared-NAME.png (staff_steps.shot names its files staff-*, which the staff journeys clear)."""
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1200, min(max(height + 140, 1400), 8000))
    driver.save_screenshot(str(SHOTS / f"shared-{name}.png"))
    driver.set_window_size(1200, 1400)


def run(cmd, env, cwd, what):
    """Runs a diarium command; its output, or None (a failed check with its stderr) when it fails."""
    result = subprocess.run([str(c) for c in cmd], env=env, cwd=cwd, capture_output=True, text=True)
    check(result.returncode == 0, f"{what} succeeds: rc {result.returncode}: {result.stderr[-2000:]}{result.stdout[-1000:]}")
    return result.stdout if result.returncode == 0 else None


class Servers:
    """The store, its environment, and the two servers' addresses."""

    def __init__(self, binary, store, env, work, a, b, passwords, logs):
        self.binary, self.store, self.env, self.work = binary, store, env, work
        self.a, self.b, self.passwords, self.logs = a, b, passwords, logs

    def cli(self, *args, what):
        return run([self.binary, *args, "--store", self.store], self.env, self.work, what)


@contextmanager
def two_servers(binary):
    """A PostgreSQL cluster, a store on a database of it with the demo and its accounts, and two
    servers of that store; everything stopped and removed after."""
    work = Path(tempfile.mkdtemp(prefix="diarium-shared-"))
    cluster = Path(tempfile.mkdtemp(prefix="diarium-shared-pg-"))
    servers = []
    try:
        started = subprocess.run([str(CLUSTER), "start", str(cluster)], capture_output=True, text=True)
        if not check(started.returncode == 0, f"cluster.sh starts a PostgreSQL cluster: {started.stderr[-2000:]}"):
            raise RuntimeError("no PostgreSQL cluster")
        server_url = started.stdout.strip().splitlines()[-1]
        print("  PostgreSQL:", server_url)
        made = subprocess.run(["psql", server_url, "-q", "-c", "create database diarium_shared"], capture_output=True, text=True)
        if not check(made.returncode == 0, f"the database is created: {made.stderr}"):
            raise RuntimeError("no database")
        database = server_url.rsplit("/", 1)[0] + "/diarium_shared"
        store = work / "archive"
        env = dict(os.environ, DIARIUM_HOME=os.environ.get("DIARIUM_HOME", str(REPO)))
        if run([binary, "init", "--store", store, "--database", database], env, work, "diarium init --database") is None:
            raise RuntimeError("no store")
        described = json.loads((store / "database.json").read_text()) if (store / "database.json").exists() else {}
        check(described.get("database") == database, f"the store's index is the PostgreSQL database: {described}")
        check(not list(store.glob("*.sqlite*")) and not list(store.glob("*.db")), f"no SQLite file in the store: {sorted(p.name for p in store.iterdir())}")
        demo = run([binary, "demo", "--accounts", "--store", store], env, work, "diarium demo --accounts on the PostgreSQL store")
        if demo is None:
            raise RuntimeError("no demo")
        check("arkivet är helt" in demo.lower(), "the demo's own verify finds the PostgreSQL store whole")
        passwords = dict(re.findall(r"^  (\w+) +([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})", demo, re.M))
        check(set(passwords) == DEMO_ACCOUNTS, f"the demo prints one account per role: {sorted(passwords)}")
        bases, logs = [], []
        for name in "AB":
            port = free_port()
            log = work / f"server-{name}.log"
            servers.append(subprocess.Popen([str(binary), "serve", "--store", str(store), "--port", str(port)], env=env, cwd=work,
                                            stdout=log.open("w"), stderr=subprocess.STDOUT))
            bases.append(f"http://127.0.0.1:{port}")
            logs.append(log)
        for base in bases:
            for _ in range(150):
                try:
                    urllib.request.urlopen(base + "/", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            else:
                check(False, f"the server at {base} answers")
        print("  server A:", bases[0], " server B:", bases[1])
        yield Servers(binary, store, env, work, bases[0], bases[1], passwords, logs)
    finally:
        for server in servers:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        if RUN.failures:
            for log in work.glob("server-*.log"):
                tail = log.read_text(errors="replace")[-1500:]
                if tail.strip():
                    print(f"--- {log.name} (end) ---\n{tail}")
        subprocess.run([str(CLUSTER), "stop", str(cluster)], capture_output=True)
        shutil.rmtree(cluster, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)


def session_cookie(driver):
    return next((c["value"] for c in driver.get_cookies() if c["name"] == SESSION_COOKIE), None)


def page_csrf(driver):
    """The form token the page's forms carry (the logout form's, on a staff page)."""
    fields = driver.find_elements(By.CSS_SELECTOR, "input[name=csrf]")
    return fields[0].get_attribute("value") if fields else None


def signed_in_as(driver):
    menu = driver.find_elements(By.CSS_SELECTOR, "nav.staff")
    found = re.search(r"Inloggad som (\S+)", menu[0].text) if menu else None
    return found.group(1) if found else None


def asks_for_login(driver):
    return urllib.parse.urlsplit(driver.current_url).path == "/logga-in" and driver.find_element(By.TAG_NAME, "h1").text == "Logga in"


def form_fields(driver, action):
    """The fields the form posting to `action` would send now (name, value), as the browser has them."""
    return driver.execute_script(
        "const f = document.querySelector('form[action=\"' + arguments[0] + '\"]');"
        "return f ? Array.from(new FormData(f).entries()).filter(e => typeof e[1] === 'string') : null;", action)


def send_again(driver, base, action, fields):
    """Sends `fields` to `action` on the server at `base`, from a page of that server (its own
    origin, as the page's Content-Security-Policy allows): the same form sent a second time, to the
    other server, as a load balancer would send a second press of the button."""
    goto(driver, base + "/tillganglighet")
    navigating(driver, lambda: driver.execute_script(
        "const f = document.createElement('form'); f.method = 'post'; f.action = arguments[0];"
        "for (const [n, v] of arguments[1]) { const i = document.createElement('input'); i.type = 'hidden'; i.name = n; i.value = v; f.appendChild(i); }"
        "document.body.appendChild(f); f.submit();", action, fields))


def post_status(url, fields, cookie):
    """The status and page of a POST of `fields` to `url` with `cookie` (a session token, or NAME=VALUE),
    redirects not followed."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a, **k):
            return None
    request = urllib.request.Request(url, data=urllib.parse.urlencode(fields).encode(), method="POST",
                                     headers={"Cookie": cookie if "=" in cookie else f"{SESSION_COOKIE}={cookie}", "Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=20) as r:
            return r.status, r.read().decode(errors="replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")


def log_in(driver, base, name, password):
    """Logs in (no cookies of before); the page the login leads to."""
    driver.delete_all_cookies()
    goto(driver, base + "/logga-in")
    fill(driver, {"namn": name, "losenord": password})
    press(driver, "Logga in")


def login_error(driver):
    found = driver.find_elements(By.ID, "login-fel")
    return found[0].text if found else ""


# Journey 1: one session, two servers.

def session_journey(driver, s, state):
    log_in_first_time(driver, s.a, "handlaggare", s.passwords["handlaggare"])
    token = session_cookie(driver)
    check(token is not None, "the login on A sets the session cookie")
    csrf_a = page_csrf(driver)
    state["cookie"] = token

    goto(driver, s.b + "/personal")
    check(urllib.parse.urlsplit(driver.current_url).path == "/personal", f"B opens its staff start page without a login: {driver.current_url}")
    check(signed_in_as(driver) == "handlaggare", f"B's menu says handlaggare is logged in: {signed_in_as(driver)}")
    check(session_cookie(driver) == token, "B keeps A's session cookie (no session of its own)")
    check(csrf_a and page_csrf(driver) == csrf_a, "B's page carries the session's form token, the same as A's")
    shot(driver, "1-b-signed-in")

    # A draft saved on B, with B's page and its token.
    goto(driver, s.b + "/personal/avsteg")
    check(signed_in_as(driver) == "handlaggare", "B's deviation form is the logged-in handler's")
    description = "Kontorsstolar beställdes utanför avtalet (sparat på server B)."
    fill(driver, {"organisation": "Region Sörmland", "unit": "Psykiatrin, Eskilstuna", "description": description})
    form_csrf = driver.find_element(By.CSS_SELECTOR, "form[action='/personal/avsteg'] input[name=csrf]").get_attribute("value")
    check(form_csrf == csrf_a, "the form B served carries the session's token")
    # B checks the token: the same form with another token is refused, nothing saved.
    forged = [(n, "x" * len(v) if n == "csrf" else v) for n, v in form_fields(driver, "/personal/avsteg")] + [("action", "spara")]
    status, body = post_status(s.b + "/personal/avsteg", forged, token)
    check(status == 403 and "säkerhetskod" in body, f"B refuses the form with a forged token: {status}")
    press(driver, "Spara utkast")
    check("Utkastet är sparat" in main_text(driver), f"B saves the draft: {main_text(driver)[:300]}")
    shot(driver, "2-b-draft-saved")

    # The draft, on A.
    goto(driver, s.a + "/personal")
    drafts = driver.find_elements(By.XPATH, f"//caption[.='Formulär du har sparat']/ancestor::table//a[normalize-space(.)={xpath_literal(description)}]")
    check(len(drafts) == 1, f"A's Mina sidor lists the draft saved on B: {main_text(driver)[:400]}")
    if not drafts:
        return
    navigating(driver, drafts[0].click)
    check(driver.find_element(By.ID, "description").get_attribute("value") == description, "the draft resumes on A with what was typed on B")
    check(driver.find_element(By.ID, "unit").get_attribute("value") == "Psykiatrin, Eskilstuna", "and the unit typed on B")
    fill(driver, {"reportedBy.name": "Per Ängström", "reportedBy.role": "Inköpare", "phase": "Efter inköpet",
                  "type": "Inköp utanför avtal", "supplier.name": "Kontorsmästarna i Köping AB", "supplier.orgnr": "556677-8899",
                  "estimatedValue": "138000", "immediateAction": "Verksamheten har fått information om avtalet."})
    shot(driver, "3-a-draft-resumed")
    sent = form_fields(driver, "/personal/avsteg") + [("action", "rapportera")]
    press(driver, "Rapportera avsteget")
    text = main_text(driver)
    registered = re.search(r"Handlingen är registrerad som ([A-Z]{2} \d{4}/\d{4}-\d+)", text)
    check(registered is not None, f"the report sent on A is registered: {text[:300]}")
    if not registered:
        return
    number = registered.group(1)
    # The same form, its one-time token with it, sent again on B: the record of the first send.
    send_again(driver, s.b, "/personal/avsteg", sent)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(driver.current_url).query)
    check(query.get("nr") == [number] and "registrerad" not in query,
          f"the same form sent again on B opens {number}, registered before, and no new one: {driver.current_url}")
    check("Handlingen är registrerad som" not in main_text(driver), "B does not say it registered the form again")
    goto(driver, s.b + "/personal")
    text = main_text(driver)
    check("Du har inga sparade utkast" in text, f"the draft is gone on B once the report is sent on A: {text[:300]}")
    recent = [a.text for a in driver.find_elements(By.XPATH, "//caption[.='Dina senaste handlingar']/ancestor::table//tbody//a")]
    check(recent.count(number) == 1 and len(recent) == 1, f"B's Mina sidor lists the one report: {recent}")
    listed = s.cli("search", "Kontorsstolar", "--json", what="diarium search")
    if listed is not None:
        hits = [h["document"] for h in json.loads(listed)]
        check(hits == [number], f"the register holds one report of that text: {hits}")


# Journey 2: logged out on B.

def logout_journey(driver, s, state):
    old = state.get("cookie")
    goto(driver, s.b + "/personal")
    check(signed_in_as(driver) == "handlaggare", "before: logged in on B")
    press(driver, "Logga ut")
    check(asks_for_login(driver), f"B logs out to its login page: {driver.current_url}")
    check(session_cookie(driver) is None, "the browser holds no session cookie")
    goto(driver, s.a + "/personal")
    check(asks_for_login(driver) and urllib.parse.parse_qs(urllib.parse.urlsplit(driver.current_url).query).get("till") == ["/personal"], f"A's staff page now asks for login: {driver.current_url}")
    check(signed_in_as(driver) is None, "A's page shows nobody logged in")
    shot(driver, "4-a-asks-for-login")
    # The old cookie put back: the session is ended in the database, not only in the browser.
    if old:
        driver.add_cookie({"name": SESSION_COOKIE, "value": old, "path": "/", "httpOnly": True, "sameSite": "Strict"})
        goto(driver, s.a + "/personal")
        check(asks_for_login(driver), f"with the old cookie put back, A still asks for login: {driver.current_url}")
        driver.add_cookie({"name": SESSION_COOKIE, "value": old, "path": "/", "httpOnly": True, "sameSite": "Strict"})
        goto(driver, s.b + "/personal/avsteg")
        check(asks_for_login(driver), f"and so does B: {driver.current_url}")
        status, body = post_status(s.a + "/personal/avsteg", [("csrf", "x" * 43), ("action", "spara")], old)
        check(status == 401 and "Du har loggats ut" in body, f"a form sent to A with the old cookie is told the login has ended: {status}")
    # Logged in again with her own password (chosen on A), on B.
    log_in(driver, s.b, "handlaggare", OWN_PASSWORD)
    check(signed_in_as(driver) == "handlaggare", f"the password chosen on A logs in on B: {driver.current_url} {login_error(driver)}")


# Journey 3: the public request form.

def request_journey(driver, s, state):
    before = s.cli("request", "list", "--all", "--json", what="diarium request list")
    before = json.loads(before) if before else []
    driver.delete_all_cookies()
    goto(driver, s.a + "/sok?q=anbud")
    hits = driver.find_elements(By.CSS_SELECTOR, "ol.hits h3 a")
    check(hits, "A's search finds the demo's tenders")
    if not hits:
        return
    navigating(driver, hits[0].click)
    document = driver.find_element(By.CSS_SELECTOR, "dl.entry dd").text
    press(driver, "Begär ut")
    check("Handlingen finns i din lista" in driver.page_source, f"Begär ut on A puts {document} in the list")
    goto(driver, s.a + "/begaran")
    check(document in driver.find_element(By.TAG_NAME, "table").text, "A's request list shows the document")
    fill(driver, {"beskrivning": "Anbudet, som pdf (skickat på server A).", "epost": "journalist@example.se"})
    sent = form_fields(driver, "/begaran/skicka")
    press(driver, "Skicka begäran")
    text = main_text(driver)
    check("Din begäran är mottagen" in text, f"A registers the request: {text[:300]}")
    found = re.search(r"Begäran (RS \d{4}/\d{4})", text)
    check(found is not None, "the receipt gives the request number")
    shot(driver, "5-a-request-receipt")
    if not found:
        return
    request = found.group(1)

    # The same form (its one-time token) sent again, to B.
    send_again(driver, s.b, "/begaran/skicka", sent)
    text = main_text(driver)
    check("Din begäran är redan skickad" in text and "ingen ny begäran registrerades" in text,
          f"B answers the same form as already sent: {text[:400]}")
    check(re.findall(r"Begäran (RS \d{4}/\d{4})", text) == [request], f"B's answer names the request of the first send, {request}")
    shot(driver, "6-b-already-sent")

    after = s.cli("request", "list", "--all", "--json", what="diarium request list")
    after = json.loads(after) if after else []
    mine = [r for r in after if r.get("request") == request]
    check(len(after) == len(before) + 1 and len(mine) == 1, f"one request more in the register: {len(before)} → {len(after)}")
    if mine:
        check(mine[0].get("documents") == 1 and mine[0].get("channel") == "web", f"the request is the web's, with its one document: {mine[0]}")

    # The utlämnare, logged in for the first time on B, sees it once in the queue.
    log_in_first_time(driver, s.b, "utlamnare", s.passwords["utlamnare"])
    follow(driver, "Begäranden")
    rows = driver.find_elements(By.XPATH, f"//tbody/tr[td[1]/a[normalize-space(.)={xpath_literal(request)}]]")
    check(len(rows) == 1, f"B's queue lists {request} once: {main_text(driver)[:400]}")
    if rows:
        check("webbdiariet" in rows[0].text, f"as a request from the web: {rows[0].text}")


# Journey 4: login throttling across the servers.

def throttle_journey(driver, s, state):
    name = "registrator"
    for i, base in enumerate([s.a, s.b, s.a, s.b, s.a], 1):
        log_in(driver, base, name, f"fel lösenord nummer {i}")
        error = login_error(driver)
        check("fel användarnamn eller lösenord" in error.lower(), f"wrong password {i} on {'A' if base == s.a else 'B'} is refused as wrong: {error}")
    for where, base in [("B", s.b), ("A", s.a)]:
        log_in(driver, base, name, s.passwords[name])
        error = login_error(driver)
        check("för många misslyckade inloggningar" in error.lower() and signed_in_as(driver) is None,
              f"after five wrong passwords on A and B, the right one is throttled on {where}: {error or driver.current_url}")
        if where == "A":
            shot(driver, "7-a-throttled")
    # What the refusal is on the wire: 429 Too Many Requests (a visitor's form token, as the login page gives it).
    with urllib.request.urlopen(s.b + "/logga-in", timeout=20) as r:
        visitor = re.search(r"diarium_csrf=([^;]+)", r.headers.get("Set-Cookie", ""))
        csrf = re.search(r'name="csrf" value="([^"]+)"', r.read().decode())
    if check(visitor and csrf, "B's login page gives a visitor's form token"):
        status, _ = post_status(s.b + "/logga-in", [("csrf", csrf.group(1)), ("namn", name), ("losenord", s.passwords[name])],
                                f"diarium_csrf={visitor.group(1)}")
        check(status == 429, f"the throttled login is answered 429 Too Many Requests: {status}")
    # The throttle is the account's: another one logs in on both.
    log_in(driver, s.b, "handlaggare", OWN_PASSWORD)
    check(signed_in_as(driver) == "handlaggare", f"another account still logs in on B: {login_error(driver)}")
    log_in(driver, s.a, "handlaggare", OWN_PASSWORD)
    check(signed_in_as(driver) == "handlaggare", f"and on A: {login_error(driver)}")


def main():
    binary = browser_support.binary_from_argv()
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob("shared-*"):
        old.unlink()
    journeys = [("one session on two servers", session_journey), ("logged out on B", logout_journey),
                ("the public request form on A and B", request_journey), ("login throttling across A and B", throttle_journey)]
    results = []
    try:
        with two_servers(binary) as s, RUN.chromium() as driver:
            state = {}
            for name, journey in journeys:
                print("journey:", name)
                before = len(RUN.failures)
                try:
                    journey(driver, s, state)
                except Exception as e:  # one broken journey must not hide the others
                    traceback.print_exc()
                    check(False, f"journey {name} stopped: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}")
                failed = len(RUN.failures) - before
                results.append((name, failed))
                print(f"  {'passed' if not failed else f'{failed} failed'}")
            print("journey: the store after both servers")
            verified = s.cli("verify", what="diarium verify")
            check(verified is not None and "arkivet är helt" in verified.lower(), f"diarium verify finds the store whole: {(verified or '')[-400:]}")
            check(not list(s.store.glob("*.sqlite*")), f"still no SQLite file in the store: {sorted(p.name for p in s.store.iterdir())}")
    except RuntimeError as e:
        print("stopped:", e)
    RUN.validate_pages()
    print(f"shared servers journey: {RUN.passed} checks passed, {len(RUN.failures)} failed, {len(RUN.pages)} pages checked with axe and the Nu validator")
    for name, failed in results:
        print(f"  {name}: {'passed' if not failed else f'{failed} failed'}")
    if RUN.failures:
        sys.exit(1)
    print(f"shared servers journey: all passed; screenshots in {SHOTS} (shared-*.png)")


if __name__ == "__main__":
    main()
