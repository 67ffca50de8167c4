// herald serve's live layer on an event page: the publish form and the records list kept current.
// Loaded only by pages `herald serve` shows; the static site never references it.
(function () {
  var panel = document.getElementById("herald-live");
  if (!panel || !window.fetch) return;
  var form = document.getElementById("herald-publish");
  var picker = document.getElementById("herald-example");
  var datum = document.getElementById("herald-datum");
  var result = document.getElementById("herald-publish-result");
  var data = document.getElementById("herald-live-data");
  var event = panel.getAttribute("data-event");
  var topics = [panel.getAttribute("data-topic"), panel.getAttribute("data-dlq")].filter(Boolean);

  if (picker) {
    picker.addEventListener("change", function () {
      var option = picker.options[picker.selectedIndex];
      if (option) datum.value = option.getAttribute("data-json");
    });
  }

  var refreshing = false, again = false;
  function refresh() {
    if (refreshing) { again = true; return; }
    refreshing = true;
    fetch("/_live/panel/" + encodeURIComponent(event), { cache: "no-store" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null) data.innerHTML = html; }) // server-rendered, every value escaped
      .catch(function () {})
      .then(function () {
        refreshing = false;
        if (again) { again = false; refresh(); }
      });
  }

  function show(text, ok) {
    result.textContent = text;
    result.className = ok ? "live-valid" : "live-invalid";
  }

  form.addEventListener("submit", function (submit) {
    submit.preventDefault();
    show("publishing…", true);
    fetch(form.getAttribute("data-action"), {
      method: "POST", headers: { "Content-Type": "application/json" }, body: datum.value
    })
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        if (answer.published) {
          var text = "published: " + answer.topic + " partition " + answer.partition + " offset " + answer.offset
            + " (schema id " + answer.schemaId + ", v" + answer.schemaVersion + "), trace " + answer.traceId;
          if (answer.deadLetterTopic) text += "; dead-lettered to " + answer.deadLetterTopic + ": " + answer.deadLetterReason;
          show(text, !answer.deadLetterTopic);
        } else {
          show("refused: " + (answer.diagnostics || []).map(function (d) {
            return d.rule + " " + (d.path ? d.path + ": " : "") + d.message;
          }).join("; "), false);
        }
        refresh();
      })
      .catch(function (error) { show("publish failed: " + error, false); });
  });

  if (window.EventSource) {
    var stream = new EventSource("/_live/stream");
    function changed(message) {
      try {
        var item = JSON.parse(message.data);
        if (topics.indexOf(item.topic) >= 0) refresh();
      } catch (e) {}
    }
    stream.addEventListener("record", changed);
    stream.addEventListener("refusal", changed);
    stream.addEventListener("delivery", changed);
    stream.addEventListener("alert", changed);
  }
})();
