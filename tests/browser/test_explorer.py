#!/usr/bin/python3
"""The explorer in a real browser: headless Chromium driven by Selenium, the
page served by `python3 -m http.server` on a free port (started and stopped
here). Every number the page shows is checked against the command line's
`sanctionsim solve --format json` for the same settings, to 6 digits.

    /usr/bin/python3 tests/browser/test_explorer.py [BUILD_DIR]

BUILD_DIR (default build) holds sanctionsim and explorer/ (explorer/build.sh).
Screenshots go to BUILD_DIR/explorer-screens/. Prints the solve time measured
in the browser with performance.now()."""

import json
import math
import os
import socket
import statistics
import subprocess
import sys
import time
import unittest
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.path.abspath(sys.argv.pop(1) if len(sys.argv) > 1 else os.path.join(ROOT, "build"))
SITE = os.path.join(BUILD, "explorer")
SCREENS = os.path.join(BUILD, "explorer-screens")
CLI = os.path.join(BUILD, "sanctionsim")


def cli_json(*args):
    out = subprocess.run([CLI, *args, "--format", "json"], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def solve(scenario="scenarios/baseline_2014.cfg", sets=()):
    args = ["solve", scenario]
    for s in sets:
        args += ["--set", s]
    return cli_json(*args)


def flatten(value, prefix=""):
    """A JSON value as {"a.b.0.c": number or string}."""
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return {prefix[:-1]: float(value) if isinstance(value, int) and not isinstance(value, bool)
                else value}
    out = {}
    for k, v in items:
        out.update(flatten(v, f"{prefix}{k}."))
    return out


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Explorer(unittest.TestCase):
    maxDiff = None
    @classmethod
    def setUpClass(cls):
        os.makedirs(SCREENS, exist_ok=True)
        cls.port = free_port()
        cls.server = subprocess.Popen(
            [sys.executable, "-m", "http.server", str(cls.port), "--bind", "127.0.0.1",
             "--directory", SITE], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        cls.url = f"http://127.0.0.1:{cls.port}/index.html"
        for _ in range(100):  # until the server answers
            try:
                urllib.request.urlopen(cls.url, timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        opts = webdriver.ChromeOptions()
        opts.binary_location = "/usr/bin/chromium"
        for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--window-size=1400,1100"):
            opts.add_argument(a)
        opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        cls.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        cls.server.terminate()
        cls.server.wait()

    # helpers
    def open(self, fragment=""):
        d = self.driver
        d.get("about:blank")
        d.get(self.url + fragment)
        WebDriverWait(d, 30).until(lambda d: d.execute_script("return window.explorer && window.explorer.ready"))

    def shown(self, element_id):
        return self.driver.find_element(By.ID, element_id).text

    def assert_matches(self, expected, what):
        """The page's intensities and followers' moves equal the CLI's to 6 digits."""
        shown, page = self.driver.execute_script(
            "const t = {}; for (const e of document.querySelectorAll('#bars output, #followers td[id]'))"
            " t[e.id] = e.textContent; return [t, window.explorer.result];")
        for s in expected["sanctioners"]:
            self.assertEqual(shown[f"s-{s['id']}"], f"{s['s']:.6f}", f"{what}: s of {s['id']}")
        for q in ("c", "p"):
            self.assertEqual(shown[f"f-{q}"], f"{expected['target'][q]:.6f}", f"{what}: {q}")
        if expected["patron"]:
            for q in ("a", "q"):
                self.assertEqual(shown[f"f-{q}"], f"{expected['patron'][q]:.6f}", f"{what}: {q}")
        # the whole result: the same code, the same JSON writer, and (on this
        # platform) every number the same to the last bit
        cli = dict(expected)
        del cli["provenance"]
        self.assertEqual(page, cli, what)

    def screenshot(self, name):
        path = os.path.join(SCREENS, name + ".png")
        self.driver.save_screenshot(path)
        return path

    def severe_logs(self):
        return [e for e in self.driver.get_log("browser") if e["level"] == "SEVERE"]

    # tests
    def test_1_load_without_console_errors(self):
        self.open()
        self.assertEqual(self.severe_logs(), [])
        self.assert_matches(solve(), "baseline")
        self.assertTrue(self.driver.find_element(By.ID, "notice").get_attribute("hidden"))
        self.screenshot("1-baseline")
        # the solve time in the browser (performance.now() is coarse: 0.1 ms),
        # then a whole redraw as a slider move makes it (solve, explain, draw)
        solve_ms, update_ms = self.driver.execute_script(
            "let a = performance.now(); for (let k = 0; k < 200; k++) ex.solve();"
            " const s = (performance.now() - a) / 200;"
            " a = performance.now(); for (let k = 0; k < 20; k++) update();"
            " return [s, (performance.now() - a) / 20];")
        print(f"\nexplorer: the baseline solves in {solve_ms:.3f} ms in the browser (mean of 200);"
              f" a redraw (solve, explain, draw) takes {update_ms:.2f} ms", file=sys.stderr)

    def test_2_slider_matches_cli(self):
        self.open()
        slider = self.driver.find_element(By.ID, "k-japan_alliance_pressure-r")
        for _ in range(7):
            slider.send_keys(Keys.ARROW_RIGHT)
        value = self.driver.find_element(By.ID, "k-japan_alliance_pressure").get_attribute("value")
        self.assertNotEqual(value, "0.7")
        self.assert_matches(solve(sets=[f"japan.alliance_pressure={value}"]),
                            f"japan.alliance_pressure={value}")
        self.assertIn("japan.alliance_pressure=" + value, self.driver.current_url)
        # a belief's slider, then the cost of misperception against explain's
        belief = self.driver.find_element(By.ID, "k-japan_beliefs_target_reciprocity_japan-r")
        for _ in range(20):
            belief.send_keys(Keys.ARROW_LEFT)
        b = self.driver.find_element(By.ID, "k-japan_beliefs_target_reciprocity_japan").get_attribute("value")
        sets = [f"japan.alliance_pressure={value}", f"japan.beliefs.target.reciprocity.japan={b}"]
        self.assert_matches(solve(sets=sets), "a belief moved")
        args = ["explain", "scenarios/baseline_2014.cfg", "--agent", "japan"]
        for s in sets:
            args += ["--set", s]
        cost = cli_json(*args)["misperception"]["cost"]
        self.assertEqual(self.shown("mis-japan"), f"{cost:.6f}")
        # the whole page, the sweep line included
        self.driver.set_window_size(1400, 1900)
        self.driver.execute_script("document.getElementById('controls-box').style.maxHeight = 'none'")
        time.sleep(0.5)  # the sweep is redrawn 120 ms after a change
        self.screenshot("2-slider-whole-page")
        self.driver.set_window_size(1400, 1100)
        self.assertEqual(self.severe_logs(), [])

    def test_3_counterfactual_buttons(self):
        self.open()
        for name in sorted(os.listdir(os.path.join(ROOT, "scenarios"))):
            if not name.startswith("cf_"):
                continue
            cf = name[:-4]
            self.driver.find_element(By.ID, f"use-{cf}").click()
            self.assert_matches(solve(f"scenarios/{name}"), cf)
            if cf == "cf_true_beliefs":
                self.assertIn("nothing to misperceive", self.shown("misperception"))
        # from the keyboard: Enter on a focused button applies it
        self.driver.find_element(By.ID, "use-cf_linkage").send_keys(Keys.ENTER)
        self.assert_matches(solve("scenarios/cf_linkage.cfg"), "cf_linkage from the keyboard")
        self.screenshot("3-cf_linkage")
        self.driver.find_element(By.ID, "use-allies_2014").click()
        self.assert_matches(solve("scenarios/allies_2014.cfg"), "allies_2014")
        self.screenshot("3-allies")
        self.driver.find_element(By.ID, "use-baseline_2014").click()
        self.assert_matches(solve(), "reset")
        self.assertEqual(self.severe_logs(), [])

    def test_4_permalink(self):
        self.open("#scenario=cf_nash&japan.alliance_pressure=2&russia.substitution=0.3"
                  "&japan.beliefs.patron.dependence_gain=0.5")
        self.assert_matches(solve("scenarios/cf_nash.cfg",
                                  ["japan.alliance_pressure=2", "russia.substitution=0.3",
                                   "japan.beliefs.patron.dependence_gain=0.5"]), "permalink")
        self.assertEqual(self.driver.find_element(By.ID, "mode").get_attribute("value"), "nash")
        self.assertEqual(self.driver.find_element(By.ID, "k-russia_substitution").get_attribute("value"), "0.3")
        self.assertTrue(self.driver.find_element(By.ID, "notice").get_attribute("hidden"))
        self.screenshot("4-permalink")
        self.assertEqual(self.severe_logs(), [])

    def test_5_malformed_permalink(self):
        base = solve()
        for bad, why in (("#scenario=no_such_file", "no known scenario"),
                         ("#scenario=baseline_2014&japan.alliance_pressure=abc", "not a finite number"),
                         ("#scenario=baseline_2014&japan.exposure=-1", "must be"),
                         ("#scenario=baseline_2014&japan.no_such_key=1", "no such key"),
                         ("#scenario=baseline_2014&%E0%A4%A", "malformed"),
                         ("#just-words", "malformed")):
            self.open(bad)
            notice = self.driver.find_element(By.ID, "notice")
            self.assertTrue(notice.is_displayed(), bad)
            self.assertIn(why, notice.text, bad)
            self.assertIn("baseline instead", notice.text, bad)
            self.assert_matches(base, bad)
        self.screenshot("5-malformed-permalink")

    def test_6_out_of_range_refused(self):
        self.open()
        base = solve()
        box = self.driver.find_element(By.ID, "k-japan_exposure")
        box.send_keys(Keys.CONTROL, "a")
        box.send_keys("-1", Keys.TAB)
        refusal = self.driver.find_element(By.ID, "k-japan_exposure-e").text
        self.assertIn("'japan.exposure': must be", refusal)
        self.assertIn("got -1", refusal)
        self.assertEqual(box.get_attribute("value"), "1")  # back to the accepted value
        self.assert_matches(base, "after a refusal")
        self.screenshot("6-refused")
        box = self.driver.find_element(By.ID, "k-russia_substitution")
        box.send_keys(Keys.CONTROL, "a")
        box.send_keys("1.5", Keys.TAB)
        self.assertIn("must be", self.driver.find_element(By.ID, "k-russia_substitution-e").text)
        self.assert_matches(base, "after a second refusal")
        # an accepted value clears the refusal and solves
        box = self.driver.find_element(By.ID, "k-japan_exposure")
        box.send_keys(Keys.CONTROL, "a")
        box.send_keys("1.5", Keys.TAB)
        self.assertEqual(self.driver.find_element(By.ID, "k-japan_exposure-e").text, "")
        self.assert_matches(solve(sets=["japan.exposure=1.5"]), "japan.exposure=1.5")
        self.assertEqual(self.severe_logs(), [])


    def test_7_mixed_permalink(self):
        """A point with no pure equilibrium: the page shows the mixed
        equilibrium the CLI reports, its support included, to 6 digits.
        Unlike a pure answer, a mixed one is not the same to the last bit in
        the browser: its supports' probabilities are ill-conditioned (G7's two
        points lie 8e-5 apart), so the last-bit differences of musl's and
        glibc's libm move them by more than 1e-6. How far each number is
        determined is measured here: the CLI's answer one rounding step
        (one ulp) of the key either side; a number that moves there by more
        than 1e-6 (not determined to 6 digits) is compared to 10 times that
        spread instead."""
        at = 2.556
        sets = [f"japan.alliance_pressure={at!r}"]
        expected = solve(sets=sets)
        self.assertEqual(expected["status"], "mixed")  # else the point no longer tests this
        del expected["provenance"]
        near = [solve(sets=[f"japan.alliance_pressure={math.nextafter(at, to)!r}"]) for to in (0, 9)]
        flat = flatten(expected)
        spread = {k: max(abs(flatten(n).get(k, v) - v) for n in near)
                  for k, v in flat.items() if isinstance(v, float)}
        def tol(k):
            return 5e-7 if spread[k] <= 1e-6 else 10 * spread[k]

        self.open("#scenario=baseline_2014&japan.alliance_pressure=2.556")
        self.assertTrue(self.driver.find_element(By.ID, "notice").get_attribute("hidden"))
        page = self.driver.execute_script("return window.explorer.result")
        got = flatten(page)
        self.assertEqual(sorted(got), sorted(flat), "the same JSON keys, supports included")
        for k, v in flat.items():
            if k in spread:
                self.assertLessEqual(abs(got[k] - v), tol(k), k)
            else:
                self.assertEqual(got[k], v, k)
        # what the page shows: intensities, the followers' moves, the supports
        shown = self.driver.execute_script(
            "const t = {}; for (const e of document.querySelectorAll('#bars output, #followers td[id]'))"
            " t[e.id] = e.textContent; return t;")
        checked = {f"s-{s['id']}": f"sanctioners.{k}.s" for k, s in enumerate(expected["sanctioners"])}
        checked.update({f"f-{q}": f"target.{q}" for q in ("c", "p")})
        checked.update({f"f-{q}": f"patron.{q}" for q in ("a", "q")})
        mixed = 0
        for k, s in enumerate(expected["sanctioners"]):
            support = s.get("support", [])
            for j in range(len(support)):
                for x in ("s", "p"):
                    checked[f"sup-{s['id']}-{j}-{x}"] = f"sanctioners.{k}.support.{j}.{x}"
            if len(support) > 1:
                mixed += 1
                self.assertAlmostEqual(sum(a["p"] for a in support), 1, places=9)
                self.assertAlmostEqual(sum(a["s"] * a["p"] for a in support), s["s"], places=9)
        self.assertGreaterEqual(mixed, 1)
        for element, k in checked.items():
            if tol(k) <= 5e-7:  # determined to 6 digits: shown to 6 digits
                self.assertEqual(shown[element], f"{flat[k]:.6f}", element)
            else:
                self.assertLessEqual(abs(float(shown[element]) - flat[k]), tol(k) + 5e-7, element)
        loose = sorted(k for k in checked.values() if tol(k) > 5e-7)
        print(f"\nexplorer: mixed point: {len(checked) - len(loose)} numbers shown equal the CLI's"
              f" to 6 digits; {loose} are ill-conditioned (they move by"
              f" {', '.join(f'{spread[k]:.1e}' for k in loose)} for one ulp of the key)", file=sys.stderr)
        japan = {f"{a['s']:.3f}": f"{a['p']:.3f}" for a in expected["sanctioners"][0]["support"]}
        self.assertEqual(japan, {"0.540": "0.855", "0.641": "0.145"})  # the point the brief names
        kind = self.driver.find_element(By.ID, "answer-kind")
        self.assertTrue(kind.is_displayed())
        self.assertIn("Mixed equilibrium", kind.text)
        self.assertEqual(self.shown("certified"), "certified")
        atoms = self.driver.find_elements(By.CSS_SELECTOR, "#bars .bar-row .atom")
        self.assertEqual(len(atoms), sum(len(s.get("support", [])) for s in expected["sanctioners"]))
        self.screenshot("7-mixed")
        self.assertEqual(self.severe_logs(), [])
        solve_ms, sweep_ms = self.driver.execute_script(
            "let a = performance.now(); for (let k = 0; k < 20; k++) ex.solve();"
            " const s = (performance.now() - a) / 20; a = performance.now(); sweep();"
            " return [s, performance.now() - a];")
        print(f"explorer: the mixed point solves in {solve_ms:.2f} ms in the browser (mean of 20);"
              f" its sweep line (41 solves) takes {sweep_ms:.0f} ms", file=sys.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
