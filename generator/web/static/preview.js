// The preview follows the server: ask for the documents again whenever they are
// newer than the ones shown (the server holds the question until they are).
"use strict";

(function () {
  const preview = document.getElementById("preview");
  if (!preview) return;
  const documents = document.getElementById("documents");
  let version = Number(preview.dataset.version);

  async function follow() {
    for (;;) {
      try {
        const response = await fetch(preview.dataset.source + "?since=" + version);
        if (!response.ok) throw new Error(String(response.status));
        const newer = Number(response.headers.get("X-Preview-Version"));
        const html = await response.text();
        if (newer > version) {
          version = newer;
          preview.dataset.version = String(version);
          documents.innerHTML = html;
        }
      } catch (error) {
        await new Promise((resolve) => setTimeout(resolve, 2000)); // server restarting: try again
      }
    }
  }

  follow();
})();
