// rustykg serve: progressive enhancement only; every page works without it.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // A copy button for each BibTeX entry (the entry stays selectable text).
  document.querySelectorAll("pre.bibtex").forEach(function (pre) {
    if (!navigator.clipboard) {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy";
    button.textContent = "Copy BibTeX";
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(pre.textContent).then(function () {
        button.textContent = "Copied";
      }, function () {
        button.textContent = "Copy failed: select the text instead";
      });
    });
    pre.parentNode.insertBefore(button, pre);
  });
});
