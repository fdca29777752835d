"""A small Chrome DevTools Protocol client over `--remote-debugging-pipe`.

The pipe transport needs no WebSocket: Chromium reads NUL-terminated JSON commands on
file descriptor 3 and writes NUL-terminated JSON replies and events on descriptor 4.
One browser process renders many pages, one tab at a time.
"""

import fcntl
import json
import os
import queue
import subprocess
import threading
import time


# Resource types whose unfinished requests keep a page open.
WAITED_TYPES = frozenset(("Image", "Stylesheet", "Font", "Script", "TextTrack"))


class CDPError(Exception):
    pass


class Browser:
    def __init__(self, executable, flags, user_data_dir, stderr_path):
        to_child_r, self._to_child_w = os.pipe()
        self._from_child_r, from_child_w = os.pipe()

        def wire_pipes():
            # Move both ends above 4 first, so neither dup2 can clobber the other.
            high_r = fcntl.fcntl(to_child_r, fcntl.F_DUPFD, 10)
            high_w = fcntl.fcntl(from_child_w, fcntl.F_DUPFD, 10)
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        self._stderr = open(stderr_path, "wb")
        self.proc = subprocess.Popen(
            [executable, *flags, "--remote-debugging-pipe", f"--user-data-dir={user_data_dir}",
             "about:blank"],
            stdin=subprocess.DEVNULL, stdout=self._stderr, stderr=self._stderr,
            preexec_fn=wire_pipes, pass_fds=(3, 4, to_child_r, from_child_w))
        os.close(to_child_r)
        os.close(from_child_w)
        self._next_id = 0
        self._lock = threading.Lock()
        self._replies = {}
        self._reply_cv = threading.Condition(self._lock)
        self.events = queue.Queue()
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()

    def _read_loop(self):
        buf = b""
        while True:
            try:
                chunk = os.read(self._from_child_r, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                with self._lock:
                    self._replies[None] = "closed"
                    self._reply_cv.notify_all()
                self.events.put(None)
                return
            buf += chunk
            while b"\0" in buf:
                raw, buf = buf.split(b"\0", 1)
                msg = json.loads(raw)
                if "id" in msg:
                    with self._lock:
                        self._replies[msg["id"]] = msg
                        self._reply_cv.notify_all()
                else:
                    self.events.put(msg)

    def send(self, method, params=None, session=None, timeout=20):
        with self._lock:
            self._next_id += 1
            mid = self._next_id
        msg = {"id": mid, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_child_w, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        with self._lock:
            while mid not in self._replies:
                if None in self._replies:
                    raise CDPError(f"browser closed during {method}")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise CDPError(f"no reply to {method}")
                self._reply_cv.wait(left)
            reply = self._replies.pop(mid)
        if "error" in reply:
            raise CDPError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def drain_events(self):
        while True:
            try:
                self.events.get_nowait()
            except queue.Empty:
                return

    def render(self, url, scripts, settle=0.25, limit=8.0, width=900, height=2000, scale=1,
               touch=False, screen=None, media=None, color_scheme=None, probe=None, screenshot=None):
        """Loads `url` in a new tab and returns once, after the load event, no request
        but media is pending and the network has been quiet for `settle` seconds (or
        after `limit` seconds).

        Tabs share the browser's default context: off-the-record contexts make no
        preconnections, and a mail client's web view is not off the record. The server
        refuses connection reuse and every page has its own host name, so nothing one
        page opened or taught the browser serves the next one.

        The viewport is `width` x `height` CSS pixels at device scale `scale`, as a mail
        client gives a message its own view: a desktop layout (`mobile` off), so that the
        width is what media queries see (with mobile emulation on, a message without a
        viewport meta tag would be laid out 980 pixels wide). `touch` makes the pointer
        coarse, as on a phone; `screen`, a (width, height) pair, is what device-width
        media queries see.

        `screenshot`, a file path, receives a PNG of the whole page once it is done.

        `probe`, a JavaScript expression, is evaluated in the page once it is done (from
        DevTools, so it runs with page scripts disabled too); its JSON value is returned,
        or {"error": why} if it failed.

        Returns (the URLs the browser says it requested, as a cross-check of the server;
        the probe's value, or None).
        """
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.drain_events()
        self.send("Page.enable", session=session)
        self.send("Network.enable", session=session)
        self.send("Network.setCacheDisabled", {"cacheDisabled": True}, session=session)
        if not scripts:
            self.send("Emulation.setScriptExecutionDisabled", {"value": True}, session=session)
        metrics = {"width": width, "height": height, "deviceScaleFactor": scale, "mobile": False}
        if screen:
            metrics["screenWidth"], metrics["screenHeight"] = screen
        self.send("Emulation.setDeviceMetricsOverride", metrics, session=session)
        if touch:
            self.send("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5},
                      session=session)
        if media or color_scheme:
            params = {"media": media or ""}
            if color_scheme:
                params["features"] = [{"name": "prefers-color-scheme", "value": color_scheme}]
            self.send("Emulation.setEmulatedMedia", params, session=session)
        self.send("Page.navigate", {"url": url}, session=session)
        seen = []
        pending = {}  # requestId -> resource type, for requests not finished yet
        loaded = False
        start = time.monotonic()
        last_activity = start
        while True:
            now = time.monotonic()
            if now - start > limit:
                break
            # Done when the load event has fired, no subresource is still loading, and
            # the network has been quiet for `settle` seconds. Media requests may stay
            # open for ever, and a frame's document finishes in the frame's own
            # process, so only the subresource types are waited for.
            if loaded and now - last_activity >= settle and not any(t in WAITED_TYPES for t in pending.values()):
                break
            try:
                ev = self.events.get(timeout=0.02)
            except queue.Empty:
                continue
            if ev is None:
                raise CDPError("browser closed while rendering")
            if ev.get("sessionId") != session:
                continue
            method = ev.get("method")
            p = ev.get("params", {})
            if method == "Network.requestWillBeSent":
                seen.append(p["request"]["url"])
                pending[p["requestId"]] = p.get("type", "Other")
                last_activity = time.monotonic()
            elif method in ("Network.loadingFinished", "Network.loadingFailed"):
                pending.pop(p["requestId"], None)
                last_activity = time.monotonic()
            elif method in ("Network.responseReceived", "Page.frameStartedLoading", "Page.frameNavigated"):
                last_activity = time.monotonic()
            elif method == "Page.loadEventFired":
                loaded = True
                last_activity = time.monotonic()
        probed = None
        if probe:
            # A failed probe is reported in its value ({"error": ...}), never raised, so
            # the tab still closes.
            try:
                reply = self.send("Runtime.evaluate", {"expression": probe, "returnByValue": True},
                                  session=session)
                if "exceptionDetails" in reply:
                    details = reply["exceptionDetails"]
                    probed = {"error": details.get("exception", {}).get("description")
                              or details.get("text", "exception")}
                else:
                    probed = reply.get("result", {}).get("value")
            except CDPError as e:
                probed = {"error": str(e)}
        if screenshot:
            import base64
            shot = self.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True},
                             session=session, timeout=30)
            with open(screenshot, "wb") as f:
                f.write(base64.b64decode(shot["data"]))
        self.send("Target.closeTarget", {"targetId": target})
        return seen, probed

    def close(self):
        try:
            self.send("Browser.close", timeout=5)
        except CDPError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_child_w)
        self._stderr.close()
