"""Drive real headless Chromium from tests: open a local HTML file, let its scripts run
(in virtual time), and return the DOM after JS, every network request the page made
and a screenshot.

    run = open_page(path, workdir=tmp_path)
    assert run.requests == []            # nothing left the machine
    run.dom                              # the DOM after the page's scripts ran
    read_png(run.screenshot).colours()   # pixel colour counts

Network requests come from Chromium's own net log (``--log-net-log``), so they are
recorded below the page: whatever a script, a stylesheet or an ``<img>`` asks for
shows up, even requests that fail (there is no network in CI). Chromium's own
background traffic (update checks, account probes) is told apart by its initiator
and reported separately in :attr:`PageRun.browser_requests`.

Also a tiny PNG reader (no Pillow) so tests can look at the screenshot's pixels.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import struct
import subprocess
import tempfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

__all__ = [
    "CHROMIUM",
    "LOCAL_SCHEMES",
    "Element",
    "PageRun",
    "Png",
    "needs_chromium",
    "open_page",
    "parse_html",
    "read_png",
]

#: The Chromium binary (``$KGRAPH_CHROMIUM`` overrides the ``PATH`` lookup).
CHROMIUM: str | None = os.environ.get("KGRAPH_CHROMIUM") or shutil.which("chromium")
#: URL schemes that never leave the machine.
LOCAL_SCHEMES = ("file:", "data:", "about:", "chrome:", "chrome-error:", "blob:")

#: Mark for tests that need the browser: skipped only when Chromium is absent.
needs_chromium = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="headless Chromium not found: install Debian's `chromium` (CI does)",
    ),
]

_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--no-first-run",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)
# Chromium marks its own requests (component updater, network time, sign-in) with
# this initiator; a page's requests carry the page's origin ("null" for file: pages).
_BROWSER_INITIATOR = "not an origin"


@dataclass
class PageRun:
    """What one headless Chromium run saw."""

    dom: str
    requests: list[str]
    browser_requests: list[str] = field(default_factory=list)
    screenshot: Path | None = None
    stderr: str = ""


def open_page(
    page: str | Path,
    *,
    workdir: str | Path | None = None,
    budget_ms: int = 5000,
    window: tuple[int, int] = (1000, 700),
    screenshot: bool = True,
    timeout: float = 30.0,
    fragment: str = "",
) -> PageRun:
    """Open ``page`` (a local HTML file) in headless Chromium with a fresh profile.

    ``budget_ms`` is virtual time for the page's scripts and timers (it passes
    faster than wall time when the page is idle). ``requests`` lists every URL the
    page asked for whose scheme is not local (it should be empty for a
    self-contained page). ``fragment`` is added to the URL after ``#``.
    """
    if CHROMIUM is None:
        raise RuntimeError("chromium not found")
    url = Path(page).resolve().as_uri() + (f"#{fragment}" if fragment else "")
    with tempfile.TemporaryDirectory(prefix="kgraph-chromium-") as scratch:
        base = Path(workdir) if workdir is not None else Path(scratch)
        base.mkdir(parents=True, exist_ok=True)
        net_log = Path(scratch) / "net-log.json"
        shot = base / (Path(page).stem + ".png")
        args = [
            CHROMIUM,
            *_FLAGS,
            f"--user-data-dir={Path(scratch) / 'profile'}",
            f"--log-net-log={net_log}",
            f"--virtual-time-budget={budget_ms}",
            f"--window-size={window[0]},{window[1]}",
            "--dump-dom",
        ]
        if screenshot:
            args.append(f"--screenshot={shot}")
        stdout, stderr, returncode = _run(
            [*args, url], timeout=timeout,
            hint="a JS dialog such as alert() blocks headless Chromium: did a script run?",
        )
        if returncode != 0 or not stdout:
            raise RuntimeError(f"chromium exited {returncode}: {stderr[-2000:]}")
        page_urls, browser_urls = _requested_urls(net_log)
        if workdir is None and screenshot:
            # keep the picture after the scratch directory goes away
            kept = Path(tempfile.mkdtemp(prefix="kgraph-shot-")) / shot.name
            shutil.move(shot, kept)
            shot = kept
    return PageRun(
        dom=stdout,
        requests=[u for u in page_urls if not u.startswith(LOCAL_SCHEMES)],
        browser_requests=browser_urls,
        screenshot=shot if screenshot and shot.exists() else None,
        stderr=stderr,
    )


def _run(args: list[str], *, timeout: float, hint: str) -> tuple[str, str, int]:
    """Run Chromium in its own process group; on timeout kill that group (Chromium's
    renderer and GPU processes included) and fail with ``hint``."""
    proc = subprocess.Popen(
        args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, start_new_session=True,
    )
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise TimeoutError(f"chromium did not finish in {timeout:g} s ({hint})") from None
    return stdout, stderr, proc.returncode


def _requested_urls(net_log: Path) -> tuple[list[str], list[str]]:
    """URLs of every URL request in a Chromium net log, split into the page's and
    Chromium's own; a request with no initiator counts as the page's."""
    events, constants = _net_log_events(net_log)
    kind = {v: k for k, v in constants.get("logEventTypes", {}).items()}
    page: list[str] = []
    browser: list[str] = []
    for event in events:
        params = event.get("params") or {}
        url = params.get("url")
        if not isinstance(url, str) or kind.get(event.get("type")) != "URL_REQUEST_START_JOB":
            continue
        target = browser if params.get("initiator") == _BROWSER_INITIATOR else page
        if url not in target:
            target.append(url)
    # a request that never got as far as starting a job still named its URL somewhere
    for event in events:
        url = (event.get("params") or {}).get("url")
        if isinstance(url, str) and url not in page and url not in browser:
            page.append(url)
    return page, browser


def _net_log_events(net_log: Path) -> tuple[list[dict], dict]:
    """Events and constants of a net log; tolerates a log cut short (one event per
    line), which happens if Chromium is killed."""
    text = net_log.read_text(encoding="utf-8", errors="replace")
    try:
        doc = json.loads(text)
        return doc.get("events", []), doc.get("constants", {})
    except json.JSONDecodeError:
        pass
    events: list[dict] = []
    constants: dict = {}
    for line in text.splitlines():
        line = line.strip().rstrip(",")
        if line.startswith('{"constants":'):
            try:
                constants = json.loads(line.removesuffix('"events": [') + "}")["constants"]
            except (json.JSONDecodeError, KeyError):
                constants = {}
            continue
        if line.startswith("{"):
            try:
                events.append(json.loads(line))
            except json.JSONDecodeError:
                continue
    return events, constants


# --- HTML -----------------------------------------------------------------------

_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
     "track", "wbr"}
)


@dataclass
class Element:
    """One element of a parsed page: its tag, attributes and own text."""

    tag: str
    attrs: dict[str, str | None]
    text: str = ""


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self._open: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs))
        self.elements.append(element)
        if tag not in _VOID:
            self._open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i].tag == tag:
                del self._open[i:]
                break

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1].text += data


def parse_html(text: str) -> list[Element]:
    """Every element of an HTML document, in document order (stdlib parser).

    >>> [(e.tag, e.attrs, e.text) for e in parse_html('<p id="a">x &lt;b&gt;<br>y</p>')]
    [('p', {'id': 'a'}, 'x <b>y'), ('br', {}, '')]
    """
    collector = _Collector()
    collector.feed(text)
    collector.close()
    return collector.elements


# --- PNG ------------------------------------------------------------------------


@dataclass(frozen=True)
class Png:
    """An 8-bit RGB(A) image: ``rows`` are bytes of ``width * channels``."""

    width: int
    height: int
    channels: int
    rows: list[bytes]

    def colours(self, top: int = 0) -> Counter[tuple[int, ...]]:
        """How many pixels have each RGB colour (alpha dropped), from row ``top`` down."""
        counts: Counter[tuple[int, ...]] = Counter()
        c = self.channels
        for row in self.rows[top:]:
            counts.update(zip(row[0::c], row[1::c], row[2::c], strict=True))
        return counts


def read_png(path: str | Path) -> Png:
    """Decode an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium writes).

    >>> import zlib, struct
    >>> def chunk(t, d):
    ...     return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    >>> raw = b"\\x00" + bytes([255, 0, 0, 0, 0, 255])      # 2x1, filter None
    >>> ihdr = struct.pack(">IIBBBBB", 2, 1, 8, 2, 0, 0, 0)
    >>> data = (b"\\x89PNG\\r\\n\\x1a\\n" + chunk(b"IHDR", ihdr)
    ...         + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.png"; _ = p.write_bytes(data)
    >>> sorted(read_png(p).colours().items())
    [((0, 0, 255), 1), ((255, 0, 0), 1)]
    """
    data = Path(path).read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG")
    pos, idat, header = 8, bytearray(), None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    if header is None:
        raise ValueError(f"{path}: no IHDR")
    width, height, depth, colour_type, _, _, interlace = header
    channels = {2: 3, 6: 4}.get(colour_type)
    if depth != 8 or channels is None or interlace:
        raise ValueError(f"{path}: only 8-bit non-interlaced RGB/RGBA is supported")
    raw = zlib.decompress(bytes(idat))
    stride = width * channels
    rows: list[bytes] = []
    prev = bytes(stride)
    for y in range(height):
        start = y * (stride + 1)
        rows.append(prev := _unfilter(raw[start], raw[start + 1 : start + 1 + stride],
                                      prev, channels))
    return Png(width, height, channels, rows)


def _unfilter(kind: int, line: bytes, prev: bytes, bpp: int) -> bytes:
    if kind == 0:
        return line
    if kind == 2:
        return bytes((a + b) & 0xFF for a, b in zip(line, prev, strict=True))
    out = bytearray(line)
    n = len(out)
    if kind == 1:
        for i in range(bpp, n):
            out[i] = (out[i] + out[i - bpp]) & 0xFF
    elif kind == 3:
        for i in range(n):
            left = out[i - bpp] if i >= bpp else 0
            out[i] = (out[i] + ((left + prev[i]) >> 1)) & 0xFF
    elif kind == 4:
        for i in range(n):
            a = out[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            out[i] = (out[i] + pred) & 0xFF
    else:
        raise ValueError(f"bad PNG filter type {kind}")
    return bytes(out)
