"""Logging HTTP/HTTPS server for the browser test.

One TCP port speaks both plain HTTP and TLS: the first byte of a connection tells them
apart (0x16 starts a TLS handshake), so Chromium's host resolver can map every host, on
every scheme and port, to one loopback port. Every request is recorded with its Host
header and path; every TLS handshake is recorded with its SNI name, so a bare
preconnect to a tracker host shows up too. Answers are tiny and typed by what was asked
for (GIF, CSS, font, script, HTML), so every load completes at once.
"""

import os
import socket
import socketserver
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler

GIF_1X1 = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"
)
CSS = b"/* trackless browser test */\n"
FONT = b"wOF2" + bytes(60)
JS = b"/* trackless browser test */\n"
HTML = b"<!doctype html><title>t</title><p>t</p>\n"
def _tiny_wav():
    """A tenth of a second of silence: media elements need a playable answer before they
    fetch their text tracks."""
    import io
    import wave
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(1)
        w.setframerate(8000)
        w.writeframes(bytes([128]) * 800)
    return out.getvalue()


WAV = _tiny_wav()
VTT = b"WEBVTT\n\n00:00.000 --> 00:01.000\nt\n"


def make_certificate(directory):
    """Writes a self-signed certificate and key into `directory`; returns their paths."""
    cert = os.path.join(directory, "cert.pem")
    key = os.path.join(directory, "key.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=trackless-browser-test", "-keyout", key, "-out", cert],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return cert, key


class Event:
    """One thing the server saw: an HTTP request, or a TLS handshake (`kind` "tls", whose
    `host` is the SNI name and whose `path` is empty)."""

    __slots__ = ("kind", "host", "path", "referer", "dest", "at", "late")

    def __init__(self, kind, host, path, referer="", dest=""):
        self.at = time.monotonic()
        self.late = False  # arrived after its page's tab closed (set by the harness)
        self.kind = kind
        self.host = host
        self.path = path
        self.referer = referer
        self.dest = dest  # Sec-Fetch-Dest: image, style, font, document...

    def target(self):
        """`host/path` for requests, `host` for handshakes: what expected prefixes match."""
        return self.host + self.path if self.kind == "http" else self.host

    def __repr__(self):
        return f"{self.kind}:{self.target()}"


class Log:
    """Thread-safe record of what each listening port saw."""

    def __init__(self):
        self.lock = threading.Lock()
        self.events = {}  # port -> list of Event
        self.last = {}  # port -> monotonic time of the port's latest event

    def add(self, port, event):
        with self.lock:
            self.events.setdefault(port, []).append(event)
            self.last[port] = event.at

    def wait_quiet(self, port, quiet, limit):
        """Returns once `port` has seen nothing for `quiet` seconds (or after `limit`).
        A connection the browser opens late, such as a second socket it started while
        the first was still connecting, has no Referer to say which page opened it; it
        must arrive while its own page still owns the port."""
        deadline = time.monotonic() + limit
        while True:
            now = time.monotonic()
            with self.lock:
                idle = now - self.last.get(port, 0.0)
            if idle >= quiet or now >= deadline:
                return
            time.sleep(min(quiet - idle, deadline - now))

    def take(self, port):
        with self.lock:
            return self.events.pop(port, [])


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "trackless-test"
    sys_version = ""

    def log_message(self, *args):
        pass

    def _answer(self, with_body):
        server = self.server
        host = (self.headers.get("Host") or "").lower()
        host_only = host.rsplit(":", 1)[0] if not host.startswith("[") else host
        path = self.path
        page = server.pages.get((host_only, path.split("?", 1)[0]))
        if page is None:
            server.log.add(server.port, Event("http", host_only, path, self.headers.get("Referer") or "",
                                                  (self.headers.get("Sec-Fetch-Dest") or "").lower()))
            body, ctype = self._body_for(path)
        else:
            body, ctype = page, "text/html; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Cache-Control", "no-store")
        # No connection reuse: every request opens its own connection, so every TLS
        # request also shows its SNI, whatever page opened an earlier connection.
        self.send_header("Connection", "close")
        self.close_connection = True
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def _body_for(self, path):
        p = path.split("?", 1)[0].lower()
        accept = (self.headers.get("Accept") or "").lower()
        dest = (self.headers.get("Sec-Fetch-Dest") or "").lower()
        if dest == "style" or p.endswith(".css") or accept.startswith("text/css"):
            return CSS, "text/css"
        if dest == "font" or p.endswith((".woff", ".woff2", ".ttf", ".otf")):
            return FONT, "font/woff2"
        if dest == "script" or p.endswith(".js"):
            return JS, "text/javascript"
        if dest in ("audio", "video") or p.endswith((".wav", ".mp3", ".mp4", ".webm", ".ogg")):
            return WAV, "audio/wav"
        if dest == "track" or p.endswith(".vtt"):
            return VTT, "text/vtt"
        if dest in ("document", "iframe", "frame", "embed", "object") or accept.startswith("text/html"):
            return HTML, "text/html"
        return GIF_1X1, "image/gif"

    def do_GET(self):
        self._answer(True)

    def do_HEAD(self):
        self._answer(False)

    def do_POST(self):
        # `a ping` and beacons post; read the body so the connection stays usable.
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(min(length, 1 << 20))
        self._answer(True)


class DualServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    """One loopback port, HTTP and HTTPS, logging into a shared `Log`."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, log, context, pages):
        super().__init__(("127.0.0.1", 0), Handler)
        self.port = self.server_address[1]
        self.log = log
        self.pages = pages
        self.context = context

    def finish_request(self, request, client_address):
        # A connection with no request after this long is an unused preconnect: close it,
        # so it cannot carry a later page's request.
        request.settimeout(2)
        try:
            first = request.recv(1, socket.MSG_PEEK)
        except OSError:
            return
        if not first:
            return
        if first[0] == 0x16:
            try:
                request = self.context.wrap_socket(request, server_side=True)
            except (ssl.SSLError, OSError):
                return
        try:
            self.RequestHandlerClass(request, client_address, self)
        except (OSError, ssl.SSLError):
            pass

    def shutdown_request(self, request):
        try:
            request.close()
        except OSError:
            pass


class Servers:
    """A pool of logging servers, one per parallel browser, sharing one certificate."""

    def __init__(self, count, workdir, pages):
        self.log = Log()
        cert, key = make_certificate(workdir)
        self.servers = []
        for _ in range(count):
            # A context per server, so the SNI callback knows which port saw the handshake.
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(cert, key)
            ctx.set_alpn_protocols(["http/1.1"])
            server = DualServer(self.log, ctx, pages)
            ctx.sni_callback = self._sni_recorder(server.port)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            self.servers.append(server)

    def _sni_recorder(self, port):
        def record(sslobj, name, ctx):
            self.log.add(port, Event("tls", (name or "").lower(), ""))
            return None
        return record

    def ports(self):
        return [s.port for s in self.servers]

    def close(self):
        for s in self.servers:
            s.shutdown()
            s.server_close()
