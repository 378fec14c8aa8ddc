/* newsgen click-to-load embeds: nothing is requested from the provider until the reader presses the
   button. Only https players on the provider's known hosts are loaded, whatever the page says. */
(function () {
  "use strict";
  var HOSTS = { youtube: ["www.youtube-nocookie.com"] };
  function playerUrl(box) {
    var url;
    try { url = new URL(box.getAttribute("data-embed-src") || ""); } catch (e) { return null; }
    var hosts = HOSTS[box.getAttribute("data-embed")] || [];
    if (url.protocol !== "https:" || hosts.indexOf(url.hostname) < 0) { return null; }
    return url;
  }
  function load(box, button) {
    var url = playerUrl(box);
    if (!url) { return; }
    url.searchParams.set("autoplay", "1");
    var frame = document.createElement("iframe");
    frame.src = url.href;
    frame.title = box.getAttribute("data-embed-title") || "Embedded player";
    frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    var preview = button.closest(".sc-embed-preview");
    preview.replaceChildren(frame);
    preview.classList.remove("sc-embed-preview");
    frame.focus();
  }
  document.querySelectorAll("[data-embed]").forEach(function (box) {
    var button = box.querySelector(".sc-embed-load");
    if (!button || !playerUrl(box)) { return; }
    button.hidden = false;
    button.addEventListener("click", function () { load(box, button); });
  });
})();
