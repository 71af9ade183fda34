#!/usr/bin/env python3
"""Yehua test endpoint: a real HTTP server that residents' submissions are POSTed to.

Python 3.11 standard library only. Listens on 127.0.0.1 only.

    python3 tests/endpoint/server.py [--port 8787] [--static DIR] [--verbose]

Port: --port, or a bare positional number, or $YEHUA_ENDPOINT_PORT, default 8787.

Every request that is not a control call (and, with --static, not a static file GET) is
recorded in memory: method, path, query, headers (incl. Idempotency-Key and Content-Type),
body text, parsed body, time, and what the server did with it (the outcome).

CORS: every answer carries Access-Control-Allow-Origin echoing the request's Origin
(with Vary: Origin and Allow-Credentials), Expose-Headers Retry-After; a preflight OPTIONS
answers 204 with Allow-Methods and Allow-Headers (Content-Type, Idempotency-Key and
whatever the browser asks for). Preflights are recorded too (method OPTIONS) but never
failed by a mode.

Control API (JSON), under /_control/:
    GET  /_control/health                 -> {"ok": true}
    GET  /_control/requests[?prefix=/p&method=POST]
                                          -> {"requests": [...]} all recorded, oldest first
    GET  /_control/submissions[?prefix=]  -> accepted (2xx) POSTs, one per Idempotency-Key
    POST /_control/reset   [{"prefix": "/p"}]   clear records, modes, idempotency keys
                                                (all, or only those under the prefix)
    POST /_control/release [{"prefix": "/p"}]   answer the requests held open by "hang" (all,
                                                or only those under the prefix) now; records,
                                                modes and keys are kept
    POST /_control/mode    {"mode": "ok"}
                           {"mode": "status", "status": 503, "retry_after": "2", "times": 2}
                           {"mode": "hang", "seconds": 30, "times": 1}
                                (held open; answered 504 when the time is up or on a release,
                                or, with "then_status": 401 (and "then_retry_after"), answered
                                with that status once released)
                           {"mode": "close", "times": 1}
                           {"mode": "delay", "seconds": 0.5}   (answer ok, but late)
                           {"mode": "redirect", "status": 301, "location": "/p/elsewhere"}
                                (answer with that redirect; default Location: the path + "/")
                           optional "prefix": "/p" scopes the mode to paths under it
                           (longest matching prefix wins), so parallel tests don't collide.
                           "times" omitted = until changed; after N uses it returns to ok.
    GET  /_control/mode    -> current modes
    POST /_control/file    {"path": "/t/x/config.json", "body": {...} or "text",
                            "content_type": "application/json; charset=utf-8",
                            "headers": {"Content-Security-Policy": "..."} (optional)}
                           serve that document for GET/HEAD on this server (before --static
                           files; not recorded); cleared by a reset whose prefix covers the path

Success: 201 {"ok": true, "id": "..."}; a repeated Idempotency-Key whose first request was
accepted gets the same 201 answer again (header Idempotent-Replayed: true) and is recorded
with "duplicate": true.
"""

from __future__ import annotations

import argparse
import gzip
import json
import mimetypes
import os
import posixpath
import socket
import sys
import threading
import time
import uuid
from datetime import datetime, timezone
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

DEFAULT_PORT = 8787
COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "application/wasm",
    "image/svg+xml",
    "application/manifest+json",
)
mimetypes.add_type("application/wasm", ".wasm")
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("text/javascript", ".mjs")


class State:
    """All in-memory state, guarded by one lock."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: list[dict] = []
        self.modes: dict[str, dict] = {}  # prefix -> mode dict
        self.idempotency: dict[str, dict] = {}  # key -> {"path", "status", "body"}
        self.waiting: dict[threading.Event, str] = {}  # hanging/delayed request -> its path
        self.files: dict[str, tuple[str, bytes, dict]] = {}  # path -> (content type, body, headers), see /_control/file
        self.seq = 0

    def reset(self, prefix: str | None) -> int:
        with self.lock:
            if not prefix:
                n = len(self.requests)
                self.requests.clear()
                self.modes.clear()
                self.idempotency.clear()
                self.files.clear()
            else:
                keep = [r for r in self.requests if not under(r["path"], prefix)]
                n = len(self.requests) - len(keep)
                self.requests = keep
                for p in [p for p in self.modes if under(p, prefix)]:
                    del self.modes[p]
                for k in [k for k, v in self.idempotency.items() if under(v["path"], prefix)]:
                    del self.idempotency[k]
                for f in [f for f in self.files if under(f, prefix)]:
                    del self.files[f]
            # free the hanging requests in that scope (only those: tests run in parallel)
            for ev, path in list(self.waiting.items()):
                if under(path, prefix):
                    ev.set()
            return n

    def release(self, prefix: str | None) -> int:
        """Frees the held-open requests under `prefix`, keeping everything recorded."""
        with self.lock:
            freed = [ev for ev, path in self.waiting.items() if under(path, prefix)]
        for ev in freed:
            ev.set()
        return len(freed)

    def take_mode(self, path: str) -> dict:
        """The mode that applies to this path, consuming one use of a counted mode."""
        with self.lock:
            best = None
            for prefix in self.modes:
                if under(path, prefix) and (best is None or len(prefix) > len(best)):
                    best = prefix
            if best is None:
                return {"mode": "ok"}
            mode = self.modes[best]
            if mode.get("times") is not None:
                mode["times"] -= 1
                if mode["times"] <= 0:
                    del self.modes[best]
            return dict(mode)


STATE = State()
STATIC_DIR: str | None = None
VERBOSE = False
_gzip_cache: dict[tuple[str, float, int], bytes] = {}
_gzip_lock = threading.Lock()


def under(path: str, prefix: str | None) -> bool:
    """True when `path` is `prefix` or below it (segment-bounded: /t/a is not under /t/ab)."""
    if not prefix:
        return True
    p = prefix.rstrip("/")
    return path == p or path.startswith(p + "/")


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def parse_body(content_type: str, text: str) -> tuple[object, object]:
    """(json, form) parsed from the body, each None when not applicable."""
    ct = (content_type or "").split(";")[0].strip().lower()
    parsed_json = None
    form = None
    if ct == "application/json" or ct.endswith("+json") or ct == "text/plain":
        try:
            parsed_json = json.loads(text) if text else None
        except ValueError:
            parsed_json = None
    if ct == "application/x-www-form-urlencoded":
        form = {k: (v[0] if len(v) == 1 else v) for k, v in parse_qs(text, keep_blank_values=True).items()}
    return parsed_json, form


class Handler(BaseHTTPRequestHandler):
    server_version = "YehuaTestEndpoint/1"
    protocol_version = "HTTP/1.1"
    # TCP_NODELAY, as nginx (`tcp_nodelay on`) and other web servers set it on keep-alive
    # connections: the headers and the body go out as two writes, and with Nagle's algorithm a
    # small body waited for the ACK of the headers, which the browser delays by 40 ms — a
    # stall a real server does not have (the bench's stylesheet arrived 40 ms late).
    disable_nagle_algorithm = True

    # --- plumbing -------------------------------------------------------------------
    def log_message(self, fmt: str, *args) -> None:  # noqa: D401
        if VERBOSE:
            sys.stderr.write("endpoint: %s - %s\n" % (self.address_string(), fmt % args))

    def cors_headers(self) -> None:
        origin = self.headers.get("Origin")
        if origin:
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Access-Control-Allow-Credentials", "true")
            self.send_header("Vary", "Origin")
        else:
            self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Expose-Headers", "Retry-After, Idempotent-Replayed, Location")

    def no_keepalive(self) -> None:
        # One request per connection on the endpoint: Chromium silently re-sends a request
        # whose REUSED keep-alive connection was closed without an answer, which would turn
        # the "close" mode into a success. On a fresh connection it is a real network error.
        self.send_header("Connection", "close")
        self.close_connection = True

    def read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                line = self.rfile.readline()
                size = int(line.split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    # trailers until empty line
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def send_bytes(self, status: int, body: bytes, content_type: str, extra: dict | None = None,
                   head_only: bool = False) -> None:
        self.send_response(status)
        self.cors_headers()
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.no_keepalive()
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if not head_only and body:
            self.wfile.write(body)

    def send_json(self, status: int, obj: object, extra: dict | None = None) -> None:
        body = json.dumps(obj, ensure_ascii=False).encode("utf-8")
        self.send_bytes(status, body, "application/json; charset=utf-8", extra)

    def safe(self, fn) -> None:
        try:
            fn()
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            self.close_connection = True

    # --- verbs ----------------------------------------------------------------------
    def do_OPTIONS(self) -> None:  # CORS preflight
        def run():
            body = self.read_body()
            self.record(body, outcome="preflight", status=204)
            self.send_response(204)
            self.cors_headers()
            asked = self.headers.get("Access-Control-Request-Headers")
            allow = "Content-Type, Idempotency-Key"
            if asked:
                allow += ", " + asked
            self.send_header("Access-Control-Allow-Headers", allow)
            self.send_header("Access-Control-Allow-Methods", "POST, PUT, GET, OPTIONS")
            if self.headers.get("Access-Control-Request-Private-Network"):
                self.send_header("Access-Control-Allow-Private-Network", "true")
            self.send_header("Access-Control-Max-Age", "0")
            self.send_header("Content-Length", "0")
            self.no_keepalive()
            self.end_headers()
        self.safe(run)

    def do_GET(self) -> None:
        self.safe(lambda: self.dispatch("GET"))

    def do_HEAD(self) -> None:
        self.safe(lambda: self.dispatch("HEAD"))

    def do_POST(self) -> None:
        self.safe(lambda: self.dispatch("POST"))

    def do_PUT(self) -> None:
        self.safe(lambda: self.dispatch("PUT"))

    def do_PATCH(self) -> None:
        self.safe(lambda: self.dispatch("PATCH"))

    def do_DELETE(self) -> None:
        self.safe(lambda: self.dispatch("DELETE"))

    # --- routing --------------------------------------------------------------------
    def dispatch(self, method: str) -> None:
        url = urlsplit(self.path)
        if url.path.startswith("/_control/"):
            body = self.read_body()
            self.control(method, url.path, parse_qs(url.query), body)
            return
        if method in ("GET", "HEAD"):
            with STATE.lock:
                served = STATE.files.get(url.path)
            if served is not None:
                self.read_body()
                self.send_bytes(200, served[1], served[0], served[2], head_only=(method == "HEAD"))
                return
        if STATIC_DIR is not None and method in ("GET", "HEAD"):
            self.read_body()
            self.serve_static(unquote(url.path), head_only=(method == "HEAD"))
            return
        self.endpoint(method, url)

    def record(self, body: bytes, outcome: str, status: int | None, **extra) -> dict:
        url = urlsplit(self.path)
        text = body.decode("utf-8", errors="replace")
        ctype = self.headers.get("Content-Type", "")
        parsed_json, form = parse_body(ctype, text)
        with STATE.lock:
            STATE.seq += 1
            rec = {
                "seq": STATE.seq,
                "time": now_iso(),
                "t": time.time(),
                "method": self.command,
                "path": url.path,
                "query": url.query,
                "headers": {k: v for k, v in self.headers.items()},
                "origin": self.headers.get("Origin"),
                "content_type": ctype or None,
                "idempotency_key": self.headers.get("Idempotency-Key"),
                "body": text,
                "json": parsed_json,
                "form": form,
                "outcome": outcome,
                "status": status,
                "duplicate": False,
            }
            rec.update(extra)
            STATE.requests.append(rec)
            return rec

    def set_outcome(self, rec: dict, outcome: str, status: int | None) -> None:
        with STATE.lock:
            rec["outcome"] = outcome
            rec["status"] = status

    def endpoint(self, method: str, url) -> None:
        body = self.read_body()
        rec = self.record(body, outcome="pending", status=None)
        mode = STATE.take_mode(url.path)
        kind = mode.get("mode", "ok")

        if kind == "redirect":
            status = int(mode.get("status", 301))
            self.set_outcome(rec, "redirected", status)
            self.send_bytes(status, b"", "text/plain; charset=utf-8",
                            {"Location": str(mode.get("location") or url.path + "/")})
            return

        if kind == "close":
            self.set_outcome(rec, "closed", None)
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return

        if kind in ("hang", "delay"):
            seconds = float(mode.get("seconds", 30 if kind == "hang" else 1))
            release = threading.Event()
            with STATE.lock:
                STATE.waiting[release] = url.path
            self.set_outcome(rec, "hanging" if kind == "hang" else "delaying", None)
            try:
                released = release.wait(seconds)
            finally:
                with STATE.lock:
                    STATE.waiting.pop(release, None)
            if kind == "hang" and released and mode.get("then_status") is not None:
                # released on command with the answer chosen by the test
                kind = "status"
                mode = {"status": mode["then_status"], "retry_after": mode.get("then_retry_after")}
            elif kind == "hang":
                # the client has long given up; answer 504 (usually into a closed socket)
                self.set_outcome(rec, "hung" if not released else "hung-released", 504)
                self.send_json(504, {"ok": False, "error": "hung"})
                return

        if kind == "status":
            status = int(mode.get("status", 503))
            extra = {}
            if mode.get("retry_after") is not None:
                extra["Retry-After"] = str(mode["retry_after"])
            self.set_outcome(rec, "status", status)
            try:
                phrase = HTTPStatus(status).phrase
            except ValueError:
                phrase = "error"
            self.send_json(status, {"ok": False, "status": status, "error": phrase}, extra)
            return

        # ok (or delay finished)
        key = rec["idempotency_key"]
        with STATE.lock:
            stored = STATE.idempotency.get(key) if key else None
            if stored is None:
                answer = {"status": 201, "body": {"ok": True, "id": uuid.uuid4().hex}, "path": url.path}
                if key:
                    STATE.idempotency[key] = answer
                duplicate = False
            else:
                answer = stored
                duplicate = True
            rec["duplicate"] = duplicate
            rec["outcome"] = "replayed" if duplicate else "accepted"
            rec["status"] = answer["status"]
            rec["response"] = answer["body"]
        extra = {"Location": f"/submissions/{answer['body']['id']}"}
        if duplicate:
            extra["Idempotent-Replayed"] = "true"
        self.send_json(answer["status"], answer["body"], extra)

    # --- control API ----------------------------------------------------------------
    def control(self, method: str, path: str, query: dict, body: bytes) -> None:
        try:
            data = json.loads(body.decode("utf-8")) if body.strip() else {}
        except ValueError:
            self.send_json(400, {"ok": False, "error": "body is not JSON"})
            return
        prefix = (query.get("prefix") or [None])[0] or (data.get("prefix") if isinstance(data, dict) else None)
        name = path[len("/_control/"):].strip("/")

        if name == "health" and method in ("GET", "HEAD"):
            self.send_json(200, {"ok": True, "static": STATIC_DIR})
        elif name == "requests" and method == "GET":
            want_method = (query.get("method") or [None])[0]
            with STATE.lock:
                out = [dict(r) for r in STATE.requests
                       if under(r["path"], prefix)
                       and (not want_method or r["method"] == want_method.upper())]
            self.send_json(200, {"requests": out})
        elif name == "submissions" and method == "GET":
            with STATE.lock:
                seen = set()
                out = []
                for r in STATE.requests:
                    if r["method"] != "POST" or r["outcome"] != "accepted":
                        continue
                    if not under(r["path"], prefix):
                        continue
                    k = r["idempotency_key"] or ("seq", r["seq"])
                    if k in seen:
                        continue
                    seen.add(k)
                    out.append(dict(r))
            self.send_json(200, {"submissions": out})
        elif name == "reset" and method == "POST":
            n = STATE.reset(prefix)
            self.send_json(200, {"ok": True, "cleared": n})
        elif name == "release" and method == "POST":
            n = STATE.release(prefix)
            self.send_json(200, {"ok": True, "released": n})
        elif name == "file" and method == "POST":
            # Serve a document on this server's own origin (e.g. a widget config file that
            # must be same-origin) without page.route: Playwright answers CORS preflights
            # itself whenever a page has routes, which would hide the endpoint's real ones.
            if not isinstance(data, dict) or not str(data.get("path", "")).startswith("/") \
                    or str(data["path"]).startswith("/_control/"):
                self.send_json(400, {"ok": False, "error": "expected {\"path\": \"/...\", \"body\": ...}"})
                return
            body = data.get("body", "")
            text = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
            ctype = str(data.get("content_type") or "application/json; charset=utf-8")
            # e.g. {"Content-Security-Policy": "..."} to serve a host page under a strict CSP
            headers = {str(k): str(v) for k, v in (data.get("headers") or {}).items()}
            with STATE.lock:
                STATE.files[data["path"]] = (ctype, text.encode("utf-8"), headers)
            self.send_json(200, {"ok": True, "path": data["path"]})
        elif name == "mode" and method == "GET":
            with STATE.lock:
                self.send_json(200, {"modes": dict(STATE.modes)})
        elif name == "mode" and method == "POST":
            if not isinstance(data, dict):
                self.send_json(400, {"ok": False, "error": "expected a JSON object"})
                return
            kind = data.get("mode", "ok")
            if kind not in ("ok", "status", "hang", "close", "delay", "redirect"):
                self.send_json(400, {"ok": False, "error": f"unknown mode {kind!r}"})
                return
            mode = {"mode": kind}
            if kind == "status":
                try:
                    mode["status"] = int(data.get("status", 503))
                except (TypeError, ValueError):
                    self.send_json(400, {"ok": False, "error": "status must be a number"})
                    return
                if data.get("retry_after") is not None:
                    mode["retry_after"] = str(data["retry_after"])
            if kind == "redirect":
                mode["status"] = int(data.get("status", 301))
                if data.get("location"):
                    mode["location"] = str(data["location"])
            if kind in ("hang", "delay"):
                mode["seconds"] = float(data.get("seconds", 30 if kind == "hang" else 1))
            if kind == "hang" and data.get("then_status") is not None:
                try:
                    mode["then_status"] = int(data["then_status"])
                except (TypeError, ValueError):
                    self.send_json(400, {"ok": False, "error": "then_status must be a number"})
                    return
                if data.get("then_retry_after") is not None:
                    mode["then_retry_after"] = str(data["then_retry_after"])
            if data.get("times") is not None:
                mode["times"] = int(data["times"])
            key = prefix or ""
            with STATE.lock:
                if kind == "ok" or mode.get("times") == 0:
                    STATE.modes.pop(key, None)
                else:
                    STATE.modes[key] = mode
            self.send_json(200, {"ok": True, "mode": mode, "prefix": key})
        else:
            self.send_json(404, {"ok": False, "error": f"no control {method} {path}"})

    # --- static files (for the bench and the e2e static server) ---------------------
    def serve_static(self, path: str, head_only: bool) -> None:
        assert STATIC_DIR is not None
        rel = posixpath.normpath(path).lstrip("/")
        if rel in (".", ""):
            rel = ""
        if rel.startswith(".."):
            self.send_json(403, {"ok": False})
            return
        full = os.path.join(STATIC_DIR, rel)
        if os.path.isdir(full):
            full = os.path.join(full, "index.html")
        if not os.path.isfile(full):
            self.send_bytes(404, b"not found\n", "text/plain; charset=utf-8", head_only=head_only)
            return
        ctype = mimetypes.guess_type(full)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype in ("application/json", "application/javascript"):
            ctype += "; charset=utf-8"
        st = os.stat(full)
        with open(full, "rb") as f:
            data = f.read()
        extra = {"Cache-Control": "no-cache"}
        accepts = self.headers.get("Accept-Encoding", "")
        twin = precompressed(full, st, accepts)
        if twin is not None:
            data, extra["Content-Encoding"] = twin
            extra["Vary"] = "Accept-Encoding"
        elif "gzip" in accepts and ctype.startswith(COMPRESSIBLE) and len(data) > 256:
            key = (full, st.st_mtime, st.st_size)
            with _gzip_lock:
                gz = _gzip_cache.get(key)
            if gz is None:
                gz = gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)
                with _gzip_lock:
                    _gzip_cache[key] = gz
            data = gz
            extra["Content-Encoding"] = "gzip"
            extra["Vary"] = "Accept-Encoding"
        self.send_response(200)
        self.cors_headers()
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in extra.items():
            self.send_header(k, v)
        self.end_headers()
        if not head_only:
            self.wfile.write(data)


GZIP_LEVEL = 6
BROTLI = True


def precompressed(full: str, st: os.stat_result, accepts: str) -> tuple[bytes, str] | None:
    """The release build's `<file>.br` or `<file>.gz` twin (.ci/trunk_hook.py `precompress`) and
    its Content-Encoding, sent as it is like nginx's `brotli_static` / `gzip_static`: brotli
    when the client accepts it (Chromium does over HTTPS and from 127.0.0.1), else gzip; None when the client
    accepts neither, there is no twin, or the file changed after it."""
    accepted = {part.split(";")[0].strip() for part in accepts.split(",")}
    for suffix, encoding in ((".br", "br"), (".gz", "gzip")):
        if encoding not in accepted or (encoding == "br" and not BROTLI):
            continue
        try:
            if os.stat(full + suffix).st_mtime < st.st_mtime:
                continue
            with open(full + suffix, "rb") as f:
                return f.read(), encoding
        except OSError:
            continue
    return None


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64


def main(argv: list[str] | None = None) -> int:
    global STATIC_DIR, VERBOSE, GZIP_LEVEL, BROTLI
    ap = argparse.ArgumentParser(description="Yehua test endpoint (127.0.0.1 only)")
    ap.add_argument("port_pos", nargs="?", type=int, help="port (same as --port)")
    ap.add_argument("--port", type=int, default=None)
    ap.add_argument("--static", metavar="DIR", default=None,
                    help="also serve this folder for GET/HEAD (a file's .br / .gz twin when present and accepted, else gzip on the fly)")
    ap.add_argument("--gzip-level", type=int, default=6, help="gzip level for --static (default 6)")
    ap.add_argument("--no-brotli", action="store_true",
                    help="never send .br twins (the bench measures gzip, as its budget is written)")
    ap.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = ap.parse_args(argv)
    port = args.port or args.port_pos or int(os.environ.get("YEHUA_ENDPOINT_PORT") or DEFAULT_PORT)
    VERBOSE = args.verbose
    GZIP_LEVEL = args.gzip_level
    BROTLI = not args.no_brotli
    if args.static:
        STATIC_DIR = os.path.abspath(args.static)
        if not os.path.isdir(STATIC_DIR):
            print(f"endpoint: --static {STATIC_DIR} is not a folder", file=sys.stderr)
            return 2
    httpd = Server(("127.0.0.1", port), Handler)
    what = f"static {STATIC_DIR} + endpoint" if STATIC_DIR else "endpoint"
    print(f"endpoint: {what} on http://127.0.0.1:{httpd.server_port}/", flush=True)
    try:
        httpd.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
