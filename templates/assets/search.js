// Search-as-you-type over search-index.js (a script, so it also loads from file://). Pages work without it.
(function () {
  "use strict";
  var form = document.querySelector("form.search");
  if (!form) return;
  var input = form.querySelector(".search-input");
  var list = form.querySelector(".search-results");
  var status = form.querySelector(".search-status");
  var root = form.getAttribute("data-root") || "";
  var loading = false;
  var selected = -1;
  var results = [];

  function loadIndex(then) {
    if (window.heraldSearchIndex) { then(); return; }
    if (loading) return;
    loading = true;
    var script = document.createElement("script");
    script.src = root + "search-index.js";
    script.onload = function () { then(); };
    document.head.appendChild(script);
  }

  // Scores one entry for all terms: name matches beat keyword (field, tag, service) matches beat summary matches.
  function score(entry, terms) {
    var name = entry[1].toLowerCase();
    var keywords = " " + entry[4].toLowerCase() + " ";
    var summary = entry[2].toLowerCase();
    var total = 0;
    for (var i = 0; i < terms.length; i++) {
      var term = terms[i];
      var best = 0;
      if (name === term) best = 100;
      else if (name.indexOf(term) === 0) best = 60;
      else if (name.indexOf(term) > 0) best = 40;
      if (best < 30 && keywords.indexOf(" " + term + " ") >= 0) best = 30;
      else if (best < 20 && keywords.indexOf(term) >= 0) best = 20;
      if (best < 10 && summary.indexOf(term) >= 0) best = 10;
      if (best === 0) return 0;
      total += best;
    }
    return total + (entry[0] === "event" ? 1 : 0);
  }

  function matchedKeyword(entry, terms) {
    var words = entry[4].split(" ");
    for (var i = 0; i < words.length; i++) {
      for (var j = 0; j < terms.length; j++) {
        if (words[i].toLowerCase().indexOf(terms[j]) >= 0 && entry[1].toLowerCase().indexOf(terms[j]) < 0) return words[i];
      }
    }
    return "";
  }

  function search() {
    var query = input.value.trim().toLowerCase();
    if (!query) { close(); return; }
    var index = window.heraldSearchIndex;
    if (!index) { loadIndex(search); return; }
    var terms = query.split(/\s+/);
    var scored = [];
    for (var i = 0; i < index.length; i++) {
      var s = score(index[i], terms);
      if (s > 0) scored.push([s, i]);
    }
    scored.sort(function (a, b) { return b[0] - a[0] || (index[a[1]][1] < index[b[1]][1] ? -1 : 1); });
    results = scored.slice(0, 12).map(function (pair) { return index[pair[1]]; });
    render(terms);
  }

  function render(terms) {
    list.textContent = "";
    selected = -1;
    if (results.length === 0) {
      // A listbox holds only options: the message is one that cannot be chosen.
      var empty = document.createElement("li");
      empty.className = "result-empty";
      empty.setAttribute("role", "option");
      empty.setAttribute("aria-disabled", "true");
      empty.textContent = "No matches";
      list.appendChild(empty);
    }
    results.forEach(function (entry, i) {
      // An option holds no link (a link inside an option is a control nested in a control): choosing it, by
      // Enter or by a click, opens its page.
      var item = document.createElement("li");
      item.setAttribute("role", "option");
      item.id = "search-option-" + i;
      item.setAttribute("data-url", root + entry[3]);
      var link = document.createElement("span");
      link.className = "result-link";
      var kind = document.createElement("span");
      kind.className = "result-kind";
      kind.textContent = entry[0];
      var name = document.createElement("span");
      name.className = "result-name";
      name.textContent = entry[1];
      var summary = document.createElement("span");
      summary.className = "result-summary";
      var keyword = matchedKeyword(entry, terms);
      summary.textContent = (keyword ? "matches " + keyword + (entry[2] ? " · " : "") : "") + entry[2];
      link.appendChild(kind);
      link.appendChild(name);
      link.appendChild(summary);
      item.appendChild(link);
      list.appendChild(item);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    announce(results.length === 0 ? "No matches" : results.length + (results.length === 1 ? " result" : " results") + ", arrow keys to choose");
  }

  // Screen readers hear how many results there are; the status region is empty while the list is closed.
  function announce(text) {
    if (status) status.textContent = text;
  }

  function close() {
    list.hidden = true;
    list.textContent = "";
    results = [];
    selected = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    announce("");
  }

  function select(i) {
    var items = list.querySelectorAll("[role=option]:not([aria-disabled])");
    if (items.length === 0) return;
    selected = (i + items.length) % items.length;
    for (var k = 0; k < items.length; k++) items[k].setAttribute("aria-selected", k === selected ? "true" : "false");
    input.setAttribute("aria-activedescendant", items[selected].id);
    items[selected].scrollIntoView({ block: "nearest" });
  }

  // The form submits to the events list (all events, without JavaScript); with it, that page shows the results.
  var submitted = window.URLSearchParams ? new URLSearchParams(window.location.search).get("q") : null;
  if (submitted && !input.value) {
    input.value = submitted;
    loadIndex(search);
  }

  input.addEventListener("focus", function () { loadIndex(function () {}); });
  input.addEventListener("input", search);
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") { event.preventDefault(); if (list.hidden) search(); select(selected + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); select(selected - 1); }
    else if (event.key === "Escape") { close(); }
    else if (event.key === "Enter") {
      var target = results[selected >= 0 ? selected : 0];
      if (target) { event.preventDefault(); window.location.href = root + target[3]; }
    }
  });
  list.addEventListener("click", function (event) {
    var option = event.target.closest ? event.target.closest("[role=option][data-url]") : null;
    if (option) window.location.href = option.getAttribute("data-url");
  });
  document.addEventListener("click", function (event) { if (!form.contains(event.target)) close(); });
  document.addEventListener("keydown", function (event) {
    if (event.key === "/" && document.activeElement !== input && !/input|textarea/i.test(document.activeElement.tagName)) {
      event.preventDefault();
      input.focus();
    }
  });
})();
