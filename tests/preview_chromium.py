#!/usr/bin/env python3
"""Check a filled corridor preview page in headless Chromium.

    python3 tests/preview_chromium.py FILE N [--interact] [--timeout SECONDS] [--screenshot PNG]

Loads FILE (an HTML page written from src/writers/preview.html) in headless Chromium, driven
through the DevTools protocol over a pipe (no network port), and fails -- exit status 1 and one
line per problem on standard error -- if

  * the page logs any console error or warning, throws an uncaught exception, or Chromium
    reports an error/warning for it (CSP violation, failed load, ...);
  * the page makes any network request other than loading FILE itself (data: URLs excepted);
  * `document.body.dataset.ready` is not "1" within the timeout;
  * `document.body.dataset.legsDrawn` is not N (and, for N = 0, the page does not say "no legs");
  * with --interact: a leg cannot be clicked (for every leg, a real mouse click -- DevTools
    Input.dispatchMouseEvent -- at the pixel of a vertex midway along it must open that leg's
    popup), a mode or the places do not toggle from the layer control, or the scale control
    or the attribution (Leaflet's credit) is missing.

On success it prints "ok" and exits 0.  Chromium is $CHROMIUM or /usr/bin/chromium; it runs
with a fresh temporary profile that is removed afterwards, and is always shut down (the whole
process group it was started in) even on timeouts or interrupts.  Python 3 standard library only.
"""

from __future__ import annotations

import argparse
import base64
import fcntl
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROG = "preview_chromium"
SETTLE_S = 0.75     # keep listening this long after the page says it is ready
READY_GRACE_S = 5.0  # how long data-ready may lag behind the document's load


class Failure(Exception):
    pass


class Chromium:
    """Headless Chromium with the DevTools protocol on fds 3 (commands) and 4 (replies)."""

    def __init__(self, exe: str, root: Path, width: int, height: int):
        self.root = root
        self.buf = b""
        self.next_id = 0
        self.events: list[dict] = []
        cmd_r, cmd_w = os.pipe()
        out_r, out_w = os.pipe()
        # child-side ends at fds >= 10 so that the redirections below cannot collide
        child_in = fcntl.fcntl(cmd_r, fcntl.F_DUPFD_CLOEXEC, 10)
        child_out = fcntl.fcntl(out_w, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(cmd_r)
        os.close(out_w)
        args = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--no-default-browser-check", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions",
            "--disable-breakpad",
            "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
            f"--window-size={width},{height}", f"--user-data-dir={root / 'profile'}",
            "--remote-debugging-pipe", "about:blank",
        ]
        # a tiny Python shim puts the pipe ends on fds 3 and 4 (as --remote-debugging-pipe
        # expects) and then becomes Chromium
        shim = ("import os, sys; i, o = int(sys.argv[1]), int(sys.argv[2]); "
                "os.dup2(i, 3); os.dup2(o, 4); os.close(i); os.close(o); "
                "os.execv(sys.argv[3], sys.argv[3:])")
        self.log_path = root / "chromium.log"
        self.log = open(self.log_path, "wb")
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", shim, str(child_in), str(child_out), exe, *args],
                stdin=subprocess.DEVNULL,
                stdout=self.log, stderr=subprocess.STDOUT, pass_fds=(child_in, child_out),
                start_new_session=True, cwd=str(root))
        finally:
            os.close(child_in)
            os.close(child_out)
        self.w = cmd_w
        self.r = out_r
        os.set_blocking(self.r, False)

    # -- protocol -------------------------------------------------------------------------------

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> int:
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        data = json.dumps(msg).encode() + b"\0"
        while data:
            try:
                n = os.write(self.w, data)
            except BrokenPipeError:
                raise Failure("Chromium closed the DevTools pipe" + self.log_tail())
            data = data[n:]
        return self.next_id

    def _read(self, deadline: float) -> dict | None:
        """Next protocol message, or None when the deadline passes."""
        while b"\0" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([self.r], [], [], min(left, 0.25))
            if not ready:
                if self.proc.poll() is not None:
                    raise Failure(f"Chromium exited with status {self.proc.returncode}" + self.log_tail())
                continue
            try:
                chunk = os.read(self.r, 1 << 20)
            except BlockingIOError:
                continue
            if not chunk:
                raise Failure("Chromium closed the DevTools pipe" + self.log_tail())
            self.buf += chunk
        raw, self.buf = self.buf.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method: str, params: dict | None = None, session: str | None = None,
             deadline: float | None = None) -> dict:
        mid = self.send(method, params, session)
        deadline = deadline if deadline is not None else time.monotonic() + 30
        while True:
            msg = self._read(deadline)
            if msg is None:
                raise Failure(f"timed out waiting for Chromium to answer {method}")
            if msg.get("id") == mid:
                if "error" in msg:
                    raise Failure(f"{method} failed: {msg['error'].get('message', msg['error'])}")
                return msg.get("result", {})
            if "method" in msg:
                self.events.append(msg)

    def pump(self, until: float) -> None:
        """Collect events until the given time."""
        while True:
            msg = self._read(until)
            if msg is None:
                return
            if "method" in msg:
                self.events.append(msg)

    def log_tail(self, n: int = 12) -> str:
        try:
            self.log.flush()
            lines = self.log_path.read_text(errors="replace").splitlines()[-n:]
        except OSError:
            return ""
        return ("\n  chromium log:\n    " + "\n    ".join(lines)) if lines else ""

    # -- shutdown ----------------------------------------------------------------------------

    def close(self) -> None:
        try:
            if self.proc.poll() is None:
                try:
                    self.send("Browser.close")
                except Exception:
                    pass
                try:
                    self.proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    pass
            # the browser was started in its own session: end its whole process group
            # (renderers, zygotes, crashpad), first politely, then for certain
            for sig, wait in ((signal.SIGTERM, 3), (signal.SIGKILL, 3)):
                try:
                    os.killpg(self.proc.pid, sig)
                except (ProcessLookupError, PermissionError):
                    break
                try:
                    self.proc.wait(timeout=wait)
                except subprocess.TimeoutExpired:
                    pass
                if not _group_alive(self.proc.pid):
                    break
        finally:
            for fd in (self.w, self.r):
                try:
                    os.close(fd)
                except OSError:
                    pass
            self.log.close()


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
        return True
    except (ProcessLookupError, PermissionError):
        return False


def _remote_text(obj: dict) -> str:
    if "value" in obj:
        v = obj["value"]
        return v if isinstance(v, str) else json.dumps(v)
    return obj.get("description") or obj.get("unserializableValue") or obj.get("type", "?")


def problems_in(events: list[dict], page_url: str) -> list[str]:
    out = []
    for ev in events:
        m, p = ev.get("method"), ev.get("params", {})
        if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "warning", "assert"):
            text = " ".join(_remote_text(a) for a in p.get("args", []))
            frames = (p.get("stackTrace") or {}).get("callFrames") or []
            where = f" (line {frames[0].get('lineNumber', 0) + 1})" if frames else ""
            out.append(f"console.{p['type']}: {text}{where}")
        elif m == "Runtime.exceptionThrown":
            d = p.get("exceptionDetails", {})
            exc = d.get("exception", {})
            text = exc.get("description") or d.get("text", "exception")
            out.append(f"uncaught exception at line {d.get('lineNumber', 0) + 1}: {text}")
        elif m == "Log.entryAdded":
            e = p.get("entry", {})
            if e.get("level") in ("error", "warning"):
                src = f" [{e.get('source')}]" if e.get("source") else ""
                url = f" ({e['url']})" if e.get("url") else ""
                out.append(f"browser {e['level']}{src}: {e.get('text', '')}{url}")
        elif m == "Network.requestWillBeSent":
            url = p.get("request", {}).get("url", "")
            if url != page_url and not url.startswith("data:"):
                out.append(f"network request: {url}")
        elif m == "Network.loadingFailed" and not p.get("canceled"):
            out.append(f"load failed: {p.get('errorText', '')}")
    return out


# -- interaction checks (--interact) ------------------------------------------------------------

def evaluate(browser: Chromium, session: str, expr: str, deadline: float):
    r = browser.call("Runtime.evaluate", {"expression": expr, "returnByValue": True},
                     session=session, deadline=deadline)
    if "exceptionDetails" in r:
        d = r["exceptionDetails"]
        raise Failure(f"evaluating a check: {(d.get('exception') or {}).get('description') or d.get('text')}")
    return (r.get("result") or {}).get("value")


def click_at(browser: Chromium, session: str, x: float, y: float, deadline: float) -> None:
    """A real left click: the mouse moves there, presses and releases."""
    base = {"x": x, "y": y, "button": "left", "clickCount": 1}
    browser.call("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y},
                 session=session, deadline=deadline)
    for kind in ("mousePressed", "mouseReleased"):
        browser.call("Input.dispatchMouseEvent", {"type": kind, **base}, session=session,
                     deadline=deadline)
    browser.pump(min(deadline, time.monotonic() + 0.15))


# The page's test hook (window.corridorPreview): back to the fitted view, no popup open, then
# the page pixel of the vertex midway along leg i. Where a place's dot or a map control lies
# over that pixel (they take clicks on purpose), the nearest vertex or segment midpoint along
# the line that is clear is taken instead; `skipped` counts those passed over.
LEG_PIXEL = """(() => {
  const P = window.corridorPreview, map = P.map, leg = P.legs[%d];
  const r = map.getContainer().getBoundingClientRect(), canvas = leg.layer.options.renderer.getPane().querySelector("canvas");
  const lls = leg.layer.getLatLngs(), spots = [];
  for (const part of Array.isArray(lls[0]) ? lls : [lls])
    part.forEach((ll, i) => {
      const q = map.latLngToContainerPoint(ll);
      if (i) { const p = spots[spots.length - 1]; spots.push({x: (p.x + q.x) / 2, y: (p.y + q.y) / 2}); }
      spots.push({x: q.x, y: q.y});
    });
  const mid = (spots.length - 1) / 2;
  const order = spots.map((s, i) => i).sort((a, b) => Math.abs(a - mid) - Math.abs(b - mid));
  for (let k = 0; k < order.length; k++) {
    const c = spots[order[k]], x = r.left + c.x, y = r.top + c.y;
    const inside = c.x > 2 && c.y > 2 && c.x < r.width - 2 && c.y < r.height - 2;
    if (inside && document.elementFromPoint(x, y) === canvas) return {id: leg.id, x, y, skipped: k};
  }
  return {id: leg.id, x: null, y: null, skipped: order.length};
})()"""
RESET = "corridorPreview.map.closePopup(), corridorPreview.fit(), 0"
POPUP = """(() => {
  const e = document.querySelector('.leaflet-popup-content .leg-popup');
  if (!e) return null;
  const also = {};
  for (const b of e.querySelectorAll('.also button[data-leg-id]')) {
    const r = b.getBoundingClientRect();
    also[b.dataset.legId] = {x: r.left + r.width / 2, y: r.top + r.height / 2};
  }
  return {id: e.dataset.id, also};
})()"""


def click_leg(browser: Chromium, session: str, i: int, deadline: float,
              notes: list[str]) -> str | None:
    """Clicks leg i as a user would; None when its popup opened, else what went wrong. Where
    legs share the pixel, the popup offers the others as buttons: one more click on the leg's
    button must then show it. How the leg was reached, when not directly, goes to `notes`."""
    evaluate(browser, session, RESET, deadline)
    browser.pump(min(deadline, time.monotonic() + 0.3))   # the closed popup fades out
    at = evaluate(browser, session, LEG_PIXEL % i, deadline)
    if at["x"] is None:
        return f"leg {at['id']}: no pixel of its line is clear of place dots and controls"
    if at["skipped"]:
        notes.append(f"{at['id']}: {at['skipped']} spots nearer its middle lie under a dot or control")
    click_at(browser, session, at["x"], at["y"], deadline)
    browser.pump(min(deadline, time.monotonic() + 0.4))   # the map pans the popup into view
    got = evaluate(browser, session, POPUP, deadline)
    if got and got["id"] != at["id"] and at["id"] in got["also"]:
        button = got["also"][at["id"]]
        click_at(browser, session, button["x"], button["y"], deadline)
        notes.append(f"{at['id']}: shares its pixel with {got['id']}, shown by its button")
        got = evaluate(browser, session, POPUP, deadline)
    if got and got["id"] == at["id"]:
        return None
    return (f"clicking leg {at['id']} at ({at['x']:.0f}, {at['y']:.0f}) opened "
            + (f"the popup of {got['id']} (offering {sorted(got['also'])})" if got else "no leg popup"))


def check_leg_clicks(browser: Chromium, session: str, deadline: float) -> list[str]:
    n = evaluate(browser, session, "window.corridorPreview ? corridorPreview.legs.length : -1", deadline)
    if n < 0:
        return ["no window.corridorPreview test hook"]
    notes: list[str] = []
    problems = [p for p in (click_leg(browser, session, i, deadline, notes) for i in range(n)) if p]
    for note in notes:
        print(f"clicked {note}")
    evaluate(browser, session, RESET, deadline)
    browser.pump(min(deadline, time.monotonic() + 0.3))
    return problems


# The layer control's rows: label text, whether checked, and the checkbox's page pixel.
OVERLAYS = """[...document.querySelectorAll('.leaflet-control-layers-overlays label')].map((l) => {
  const b = l.querySelector('input').getBoundingClientRect();
  return {name: l.textContent.trim(), checked: l.querySelector('input').checked,
          x: b.left + b.width / 2, y: b.top + b.height / 2};
})"""
COUNTS = ("({legs: Number(document.body.dataset.legsDrawn), "
          "places: document.querySelectorAll('.leaflet-places-pane path').length})")


def check_toggles(browser: Chromium, session: str, deadline: float) -> list[str]:
    """Each overlay of the layer control, clicked off and on again, hides and restores its legs
    (a mode) or its dots (places)."""
    problems = []
    rows = evaluate(browser, session, OVERLAYS, deadline) or []
    if not any(r["name"].startswith("places") for r in rows):
        problems.append("the layer control has no places overlay")
    before = evaluate(browser, session, COUNTS, deadline)
    for row in rows:
        what = "places" if row["name"].startswith("places") else "legs"
        click_at(browser, session, row["x"], row["y"], deadline)
        off = evaluate(browser, session, COUNTS, deadline)
        click_at(browser, session, row["x"], row["y"], deadline)
        on = evaluate(browser, session, COUNTS, deadline)
        if not row["checked"] or not off[what] < before[what] or on != before:
            problems.append(f"overlay {row['name']!r} does not toggle: {what} drawn "
                            f"{before[what]} -> {off[what]} -> {on[what]}")
    return problems


FURNITURE = """(() => {
  const s = document.querySelector('.leaflet-control-scale-line');
  const a = document.querySelector('.leaflet-control-attribution');
  return {scale: s ? s.textContent : null, attribution: a ? a.textContent : null};
})()"""


def check_furniture(browser: Chromium, session: str, deadline: float) -> list[str]:
    got = evaluate(browser, session, FURNITURE, deadline)
    problems = []
    if not (got["scale"] or "").strip() or not any(u in got["scale"] for u in (" km", " m")):
        problems.append(f"no metric scale control (got {got['scale']!r})")
    if "Leaflet" not in (got["attribution"] or ""):
        problems.append(f"the attribution does not credit Leaflet (got {got['attribution']!r})")
    return problems


def interact(browser: Chromium, session: str, deadline: float) -> list[str]:
    return (check_leg_clicks(browser, session, deadline)
            + check_toggles(browser, session, deadline)
            + check_furniture(browser, session, deadline))


def run(html: Path, expected: int, exe: str, timeout: float, screenshot: Path | None,
        width: int, height: int, interactive: bool = False) -> list[str]:
    deadline = time.monotonic() + timeout
    root = Path(tempfile.mkdtemp(prefix="corridor-preview-"))
    browser = None
    try:
        browser = Chromium(exe, root, width, height)
        target = browser.call("Target.createTarget", {"url": "about:blank"}, deadline=deadline)
        session = browser.call("Target.attachToTarget",
                               {"targetId": target["targetId"], "flatten": True},
                               deadline=deadline)["sessionId"]
        for domain in ("Runtime.enable", "Log.enable", "Page.enable", "Network.enable"):
            browser.call(domain, session=session, deadline=deadline)
        page_url = html.resolve().as_uri()
        nav = browser.call("Page.navigate", {"url": page_url}, session=session, deadline=deadline)
        if nav.get("errorText"):
            return [f"could not load {html}: {nav['errorText']}"]
        state = None
        probe = ("(() => { const b = document.body; if (!b) return null; "
                 "return {ready: b.dataset.ready ?? null, legs: b.dataset.legsDrawn ?? null, "
                 "error: b.dataset.error ?? null, text: b.innerText.slice(0, 4000), "
                 "url: location.href, loaded: document.readyState}; })()")
        loaded_at = None
        while time.monotonic() < deadline:
            r = browser.call("Runtime.evaluate", {"expression": probe, "returnByValue": True},
                             session=session, deadline=deadline)
            state = (r.get("result") or {}).get("value")
            if state and state.get("loaded") == "complete":
                if state.get("ready") == "1":
                    break
                # the page sets data-ready synchronously while loading: once the document is
                # complete, give it a short grace period, not the whole timeout
                loaded_at = loaded_at or time.monotonic()
                if time.monotonic() - loaded_at > READY_GRACE_S:
                    break
            browser.pump(min(deadline, time.monotonic() + 0.1))
        else:
            state = state or {}
        if state and state.get("ready") == "1":
            browser.pump(min(deadline, time.monotonic() + SETTLE_S))
            r = browser.call("Runtime.evaluate", {"expression": probe, "returnByValue": True},
                             session=session, deadline=deadline)
            state = (r.get("result") or {}).get("value") or state
        interaction = []
        if interactive and state and state.get("ready") == "1" and expected > 0:
            interaction = interact(browser, session, deadline)
        if screenshot:
            shot = browser.call("Page.captureScreenshot", {"format": "png"}, session=session,
                                deadline=deadline)
            screenshot.write_bytes(base64.b64decode(shot["data"]))
        problems = problems_in(browser.events, page_url) + interaction
        state = state or {}
        if state.get("ready") != "1":
            problems.append("data-ready not set to \"1\" "
                            f"(got {state.get('ready')!r}"
                            + (f", page error: {state['error']}" if state.get("error") else "") + ")")
        if state.get("legs") != str(expected):
            problems.append(f"data-legs-drawn is {state.get('legs')!r}, expected \"{expected}\"")
        if expected == 0 and state.get("ready") == "1" and "no legs" not in (state.get("text") or ""):
            problems.append("no legs expected but the page does not say \"no legs\"")
        return problems
    finally:
        if browser is not None:
            browser.close()
        for _ in range(5):
            shutil.rmtree(root, ignore_errors=True)
            if not root.exists():
                break
            time.sleep(0.2)


def main() -> int:
    ap = argparse.ArgumentParser(prog=PROG, description=__doc__.split("\n")[0])
    ap.add_argument("file", type=Path, help="filled preview HTML file")
    ap.add_argument("legs", type=int, help="expected number of drawn legs")
    ap.add_argument("--timeout", type=float, default=60.0, help="overall limit in seconds (60)")
    ap.add_argument("--interact", action="store_true",
                    help="also click every leg, toggle every overlay, look for the scale control")
    ap.add_argument("--screenshot", type=Path, help="also save a PNG of the page here")
    ap.add_argument("--size", default="1280x800", help="window size WxH (1280x800)")
    a = ap.parse_args()

    def fail(lines):
        for line in lines:
            print(f"{PROG}: FAIL: {a.file}: {line}", file=sys.stderr)
        return 1

    if not a.file.is_file():
        return fail(["no such file"])
    exe = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    if not (os.path.isfile(exe) and os.access(exe, os.X_OK)):
        return fail([f"Chromium not found or not executable at {exe} (set $CHROMIUM)"])
    try:
        w, h = (int(v) for v in a.size.lower().split("x"))
    except ValueError:
        ap.error("--size must look like 1280x800")

    def on_term(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, on_term)
    try:
        problems = run(a.file, a.legs, exe, a.timeout, a.screenshot, w, h, a.interact)
    except Failure as e:
        problems = [str(e)]
    except KeyboardInterrupt:
        return fail(["interrupted"])
    if problems:
        return fail(problems)
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
