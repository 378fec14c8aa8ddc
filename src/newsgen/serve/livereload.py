"""The live-reload client: a small inline script added to HTML responses of the dev server. Pure.

Only `serve` calls `inject`, at response time: files on disk and `newsgen build` output never contain it.
The script listens to Server-Sent Events from EVENTS_PATH. Each event carries the server session, the
epoch of the last good build, the epoch after which only stylesheets changed, and the errors of the last
rebuild. The page reloads when it is older than the last good build, swaps its stylesheets instead when
only CSS changed since it was loaded, and shows the errors in an overlay (removed on the next good build).
"""

from __future__ import annotations

import re

EVENTS_PATH = "/__newsgen/events"
OVERLAY_ID = "newsgen-error-overlay"
SCRIPT_MARK = "data-newsgen-live"

_SCRIPT = """<script %(mark)s>
(function () {
  "use strict";
  var session = "%(session)s", epoch = %(epoch)d;
  if (!window.EventSource) return;
  function swapStylesheets(version) {
    document.querySelectorAll('link[rel~="stylesheet"]').forEach(function (link) {
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin) return;
      url.searchParams.set("newsgen-live", version);
      var fresh = link.cloneNode(false);
      fresh.href = url.href;
      var drop = function () { link.remove(); };
      fresh.addEventListener("load", drop);
      fresh.addEventListener("error", drop);
      link.after(fresh);
    });
  }
  function showErrors(errors) {
    var box = document.getElementById("%(overlay)s");
    if (!errors.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "%(overlay)s";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;top:0;left:0;right:0;max-height:70vh;overflow:auto;" +
        "z-index:2147483647;margin:0;padding:1rem 1.25rem;box-sizing:border-box;text-align:left;" +
        "background:#2b0d0d;color:#fff;border-bottom:4px solid #e5484d;" +
        "box-shadow:0 4px 16px rgba(0,0,0,.4);" +
        "font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace";
      (document.body || document.documentElement).appendChild(box);
    }
    var title = document.createElement("strong");
    title.textContent = "newsgen: the last rebuild failed; this is the last good version of the page. " +
      "Fix the problem and save: the page updates by itself.";
    var list = document.createElement("pre");
    list.style.cssText = "margin:.75rem 0 0;white-space:pre-wrap;color:#ffd0d0;font:inherit";
    list.textContent = errors.join("\\n");
    box.replaceChildren(title, list);
  }
  function update(state) {
    if (state.session !== session) { location.reload(); return; }
    if (state.epoch !== epoch) {
      if (state.epoch > epoch && state.css_since <= epoch) {
        swapStylesheets(state.epoch);
        epoch = state.epoch;
      } else {
        location.reload();
        return;
      }
    }
    showErrors(state.errors);
  }
  var source = new EventSource("%(events)s");
  source.onmessage = function (event) { update(JSON.parse(event.data)); };
  window.addEventListener("pagehide", function () { source.close(); });
})();
</script>
"""

_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)
_HTML_END = re.compile(rb"</html\s*>", re.IGNORECASE)


def client_script(session: str, epoch: int) -> str:
    """The inline <script> for a page built in `epoch` by the server run `session` (a hex token)."""
    if not re.fullmatch(r"[0-9a-f]+", session):
        raise ValueError(f"session must be a hex token, got {session!r}")
    return _SCRIPT % {"mark": SCRIPT_MARK, "session": session, "epoch": int(epoch),
                      "overlay": OVERLAY_ID, "events": EVENTS_PATH}


def inject(page: bytes, session: str, epoch: int) -> bytes:
    """The page with the live-reload script before its last </body> (else </html>, else at the end)."""
    script = client_script(session, epoch).encode("utf-8")
    for pattern in (_BODY_END, _HTML_END):
        matches = list(pattern.finditer(page))
        if matches:
            at = matches[-1].start()
            return page[:at] + script + page[at:]
    return page + script
