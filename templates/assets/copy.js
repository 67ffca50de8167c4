// Copy buttons for the code on event pages. Without JavaScript the buttons stay hidden and the code is plain,
// selectable text; with it, a button copies its block and says so.
(function () {
  "use strict";
  var buttons = document.querySelectorAll("button[data-copy]");
  var status = document.createElement("span");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  document.body.appendChild(status);

  // Where the clipboard API is missing or refuses (some browsers on file:// pages), select the text and use the
  // older command.
  function copy(text, block) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return copyBySelection(block); });
    }
    return copyBySelection(block);
  }

  function copyBySelection(block) {
    var range = document.createRange();
    range.selectNodeContents(block);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    var done = document.execCommand("copy");
    return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  Array.prototype.forEach.call(buttons, function (button) {
    var block = document.getElementById(button.getAttribute("data-copy"));
    if (!block) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      copy(block.textContent, block).then(function () {
        button.textContent = "Copied";
        status.textContent = "Copied to the clipboard";
      }, function () {
        button.textContent = "Select and copy";
        status.textContent = "Copying failed: select the text and copy it";
      });
      window.setTimeout(function () { button.textContent = "Copy"; status.textContent = ""; }, 2000);
    });
  });
})();
