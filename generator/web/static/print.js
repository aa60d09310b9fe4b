// The printable pages' "In" button (no inline script: the pages' policy forbids it).
document.querySelectorAll("[data-print]").forEach((button) => button.addEventListener("click", () => window.print()));
