/* newsgen live blogs: every minute, ask the page's updates.json (same site, written by each build) how
   many updates there are, and offer the new ones without reloading. Without this script the page is
   complete; with it, nothing changes until the reader follows the link. */
(function () {
  "use strict";
  var box = document.querySelector(".live-updates[data-updates]");
  if (!box || !window.fetch) { return; }
  var shown = parseInt(box.getAttribute("data-count") || "0", 10);
  var note = box.querySelector(".live-new");
  var link = note && note.querySelector("a");
  var url = box.getAttribute("data-updates");
  function check() {
    fetch(url, { cache: "no-store", credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || typeof data.count !== "number") { return; }
        var fresh = data.count - shown;
        if (fresh > 0 && link) {
          link.textContent = fresh + (fresh === 1 ? " new update" : " new updates") + ": show " +
            (fresh === 1 ? "it" : "them");
          link.href = window.location.pathname;
          note.hidden = false;
        }
        if (data.live) { window.setTimeout(check, 60000); }
      })
      .catch(function () { window.setTimeout(check, 120000); });
  }
  window.setTimeout(check, 60000);
}());
