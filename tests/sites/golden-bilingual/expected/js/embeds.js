/* newsgen click-to-load embeds: nothing is requested from the provider until the reader presses the
   button. Only https addresses on the provider's known hosts are loaded, whatever the page says. */
(function () {
  "use strict";
  var HOSTS = {
    youtube: ["www.youtube-nocookie.com"],
    vimeo: ["player.vimeo.com"],
    x: ["platform.twitter.com"],
    instagram: ["www.instagram.com"],
    gist: ["gist.github.com"]
  };
  var PLAYERS = { youtube: true, vimeo: true };  // these start playing, as the reader asked for the video
  function embedUrl(box) {
    var url;
    try { url = new URL(box.getAttribute("data-embed-src") || ""); } catch (e) { return null; }
    var hosts = HOSTS[box.getAttribute("data-embed")] || [];
    if (url.protocol !== "https:" || hosts.indexOf(url.hostname) < 0) { return null; }
    return url;
  }
  function frameFor(kind, url) {
    var frame = document.createElement("iframe");
    if (kind === "gist") {
      // A gist is a script that writes the code into its document: run it in a sandboxed frame of its own.
      var script = document.createElement("script");
      script.src = url.href;
      frame.srcdoc = '<!doctype html><base target="_blank">' + script.outerHTML;
      frame.sandbox = "allow-scripts allow-popups allow-popups-to-escape-sandbox";
      return frame;
    }
    if (PLAYERS[kind]) { url.searchParams.set("autoplay", "1"); }
    frame.src = url.href;
    frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    return frame;
  }
  function load(box, button) {
    var url = embedUrl(box);
    if (!url) { return; }
    var frame = frameFor(box.getAttribute("data-embed"), url);
    frame.title = box.getAttribute("data-embed-title") || "Embedded content";
    var preview = button.closest(".sc-embed-preview");
    preview.replaceChildren(frame);
    preview.classList.remove("sc-embed-preview");
    frame.focus();
  }
  document.querySelectorAll("[data-embed]").forEach(function (box) {
    var button = box.querySelector(".sc-embed-load");
    if (!button || !embedUrl(box)) { return; }
    button.hidden = false;
    button.addEventListener("click", function () { load(box, button); });
  });
})();
