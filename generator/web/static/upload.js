// Drop zones of the Reports and Archive pages: files dropped on the zone go into
// its file input and the form is sent, as if chosen and submitted by hand.
"use strict";

(function () {
  for (const zone of document.querySelectorAll("[data-drop]")) {
    const input = zone.querySelector("input[type=file]");
    const stop = (event) => { event.preventDefault(); event.stopPropagation(); };
    zone.addEventListener("dragover", (event) => { stop(event); zone.classList.add("over"); });
    zone.addEventListener("dragleave", () => zone.classList.remove("over"));
    zone.addEventListener("drop", (event) => {
      stop(event);
      zone.classList.remove("over");
      if (!event.dataTransfer || event.dataTransfer.files.length === 0) return;
      input.files = event.dataTransfer.files;
      zone.classList.add("sending");
      input.form.requestSubmit();
    });
  }
})();
