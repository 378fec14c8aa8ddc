/* newsgen search page: queries the Pagefind index that the build wrote to <base path>/pagefind/.
   Everything stays on this site; the query lives in the address (?q=) so a search can be shared. */
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root) { return; }
  var form = root.querySelector("form");
  var input = form.querySelector("input[type=search]");
  var filters = form.querySelector(".search-filters");
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
  var status = root.querySelector("[data-search-status]");
  var list = root.querySelector("[data-search-results]");
  // The page's words come from the theme's strings in its language (data-* on #search); plural forms are
  // picked by the browser's CLDR rules, the same rules newsgen's Babel uses for the page itself.
  var words = function (name) { return root.getAttribute("data-" + name) || ""; };
  var fill = function (text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? String(values[key]) : all; });
  };
  var lang = document.documentElement.lang || "en";
  var plurals = JSON.parse(words("results") || "{}");
  var counted = function (count, query) {
    var form = "other";
    try { form = new Intl.PluralRules(lang).select(count); } catch (e) { form = "other"; }
    return fill(plurals[form] || plurals.other || "", { count: count.toLocaleString(lang), query: query });
  };
  var engine = null;
  var asked = 0;
  var timer = null;

  // A big site's index comes in parts (parts.json lists them): the first is loaded, the others merged in.
  var none = { search: function () { return { results: [] }; }, filters: function () { return {}; } };
  function load() {
    if (!engine) {
      var index = root.getAttribute("data-index");
      var base = { baseUrl: root.getAttribute("data-base") };
      engine = fetch(index + "parts.json").then(function (response) {
        if (!response.ok) { throw new Error("no index"); }
        return response.json();
      }).then(function (listed) {
        var parts = listed.parts || [];
        if (!parts.length) { return none; }
        return import(index + parts[0] + "pagefind.js").then(function (pagefind) {
          return Promise.resolve(pagefind.options(base)).then(function () {
            return Promise.all(parts.slice(1).map(function (part) {
              return pagefind.mergeIndex(index + part, base);
            }));
          }).then(function () { return pagefind; });
        });
      });
    }
    return engine;
  }

  // Pagefind's excerpt is text with <mark> around the words found; keep exactly that and nothing else.
  function excerpt(html) {
    var holder = document.createElement("template");
    holder.innerHTML = html;
    var out = document.createElement("p");
    Array.prototype.forEach.call(holder.content.childNodes, function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function item(data) {
    var li = document.createElement("li");
    var heading = document.createElement("h2");
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    heading.appendChild(link);
    li.appendChild(heading);
    var facts = [data.meta && data.meta.section, data.meta && data.meta.date].filter(Boolean);
    if (facts.length) {
      var meta = document.createElement("p");
      meta.className = "meta";
      meta.textContent = facts.join(" · ");
      li.appendChild(meta);
    }
    li.appendChild(excerpt(data.excerpt || ""));
    return li;
  }

  function chosen() {
    var out = {};
    selects.forEach(function (select) {
      if (select.value) { out[select.getAttribute("data-filter")] = select.value; }
    });
    return out;
  }

  function remember(query) {
    var params = new URLSearchParams();
    if (query) { params.set("q", query); }
    selects.forEach(function (select) {
      if (select.value) { params.set(select.name, select.value); }
    });
    var text = params.toString();
    history.replaceState(null, "", location.pathname + (text ? "?" + text : ""));
  }

  function run() {
    var query = input.value.trim();
    var mine = ++asked;
    remember(query);
    if (!query) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    status.textContent = words("searching");
    load().then(function (pagefind) {
      return pagefind.search(query, { filters: chosen() });
    }).then(function (found) {
      if (!found || mine !== asked) { return null; }
      return Promise.all(found.results.slice(0, 20).map(function (r) { return r.data(); })).then(function (rows) {
        if (mine !== asked) { return; }
        list.replaceChildren.apply(list, rows.map(item));
        var count = found.results.length;
        status.textContent = (count === 0 ? fill(words("no-results"), { query: query }) : counted(count, query)) +
          (count > rows.length ? fill(words("first-shown"), { shown: rows.length.toLocaleString(lang) }) : "");
      });
    }).catch(function () {
      status.textContent = words("failed");
    });
  }

  function fillFilters(pagefind) {
    return Promise.resolve(pagefind.filters()).then(function (known) {
      var any = false;
      selects.forEach(function (select) {
        var values = Object.keys((known || {})[select.getAttribute("data-filter")] || {}).sort();
        values.forEach(function (value) {
          var option = document.createElement("option");
          option.value = value;
          option.textContent = value;
          select.appendChild(option);
          any = true;
        });
      });
      filters.hidden = !any;
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run();
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  });
  selects.forEach(function (select) { select.addEventListener("change", run); });

  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  load().then(fillFilters).then(function () {
    selects.forEach(function (select) { select.value = params.get(select.name) || ""; });
    if (input.value) { run(); }
  }).catch(function () {
    status.textContent = words("failed");
  });
})();
