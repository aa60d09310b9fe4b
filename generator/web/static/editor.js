// The editor's little script: rows added, moved and removed; every input renamed
// after its place in the pact; the draft checked as the clerk types, each error
// shown next to its field; the preview beside the form follows the draft.
"use strict";

(function () {
  const form = document.getElementById("editor");
  if (!form) return;
  const token = document.querySelector('meta[name="csrf-token"]').content;
  const DELAY_MS = 300;
  let timer = null;
  let dirty = false;
  let sequence = 0;

  // The path of an element, from the data-seg / data-row steps around it:
  // "members[2].signer.title", the syntax of the loader's field names.
  function pathOf(element) {
    let path = "";
    for (let node = element; node && node !== form; node = node.parentElement) {
      if (node.dataset.seg) {
        path = "." + node.dataset.seg + path;
      } else if (node.hasAttribute("data-row")) {
        const rows = Array.from(node.parentElement.children).filter((n) => n.hasAttribute("data-row"));
        path = "[" + rows.indexOf(node) + "]" + path;
      }
    }
    return path.replace(/^\./, "");
  }

  function renumber() {
    form.querySelectorAll("[data-seg], [data-row]").forEach((node) => {
      node.dataset.field = pathOf(node);
    });
    form.querySelectorAll("input[name], select[name], textarea[name]").forEach((input) => {
      if (input.name === "csrf" || input.name === "base") return;
      input.name = pathOf(input);
      const label = input.closest(".field, [data-row]").querySelector(":scope > label");
      input.id = "f-" + input.name;
      if (label) label.htmlFor = input.id;
    });
    form.querySelectorAll(".rows").forEach((rows) => {
      Array.from(rows.children).forEach((row, index) => {
        const number = row.querySelector(":scope > .row-head .row-number");
        if (number) number.textContent = String(index + 1);
      });
    });
    refreshCaptions();
    refreshOutline();
    refreshTotal();
  }

  // --- fitting on a screen: folded rows with a caption, an outline, the points total

  // What a folded row shows beside its number: the unit, the section's or period's
  // name, the item's text; a member's role too.
  const CAPTION_FIELDS = [".unit", ".title", ".text", ".name"];
  function captionOf(row) {
    for (const ending of CAPTION_FIELDS) {
      const input = Array.from(row.querySelectorAll("input[name], textarea[name]")).find(
        (i) => i.name.endsWith(ending) && i.closest("[data-row]") === row);
      if (input && input.value.trim()) {
        const role = row.querySelector(':scope > .field select[name$=".role"]');
        const roleText = role && role.value && role.value !== "member" ? " (" + role.selectedOptions[0].text + ")" : "";
        return input.value.trim() + roleText;
      }
    }
    return "";
  }
  function refreshCaptions() {
    form.querySelectorAll("details.row").forEach((row) => {
      const caption = row.querySelector(":scope > summary .row-caption");
      if (caption) caption.textContent = captionOf(row) ? " — " + captionOf(row) : "";
    });
  }

  const outline = document.getElementById("outline-list");
  function refreshOutline() {
    if (!outline) return;
    outline.textContent = "";
    form.querySelectorAll(":scope > fieldset[data-field], :scope > fieldset.read-only > fieldset[data-field]").forEach((group) => {
      const entry = document.createElement("li");
      entry.appendChild(outlineLink(group, group.querySelector(":scope > legend").firstChild.textContent.trim()));
      const rows = group.querySelectorAll(":scope > .rows > details.row");
      if (rows.length && ["members", "sections"].includes(group.dataset.field)) {
        const list = document.createElement("ul");
        rows.forEach((row) => {
          const item = document.createElement("li");
          const number = row.querySelector(":scope > summary .row-number").textContent;
          const link = outlineLink(row, number + ". " + (captionOf(row) || "(chưa có tên)"));
          link.title = row.querySelector(":scope > summary .row-title").textContent;
          item.appendChild(link);
          if (row.querySelector(".errors .error")) item.classList.add("has-error");
          list.appendChild(item);
        });
        entry.appendChild(list);
      }
      if (group.querySelector(".errors .error")) entry.classList.add("has-error");
      outline.appendChild(entry);
    });
  }
  function outlineLink(target, text) {
    const link = document.createElement("button");  // moves within the form: not a link to another page
    link.type = "button";
    link.className = "to";
    link.textContent = text;
    link.addEventListener("click", () => {
      reveal(target);
      target.scrollIntoView({ block: "start" });
    });
    return link;
  }
  document.querySelectorAll("#outline button[data-fold]").forEach((button) => {
    button.addEventListener("click", () => {
      form.querySelectorAll("details.row").forEach((row) => { row.open = button.dataset.fold === "open"; });
    });
  });
  // The rows left open stay open after a save reloads the page (this tab only).
  const OPEN_KEY = "pact-open:" + form.action;
  function rememberOpen() {
    const open = Array.from(form.querySelectorAll("details.row[open]")).map((row) => row.dataset.field);
    sessionStorage.setItem(OPEN_KEY, JSON.stringify(open));
  }
  function reopen() {
    const open = new Set(JSON.parse(sessionStorage.getItem(OPEN_KEY) || "[]"));
    form.querySelectorAll("details.row").forEach((row) => { if (open.has(row.dataset.field)) row.open = true; });
  }
  form.addEventListener("toggle", rememberOpen, true);
  function reveal(element) {
    for (let node = element; node && node !== form; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
  }

  // The sum of the items' maximum points, as the clerk types them ("2,5" is 2.5).
  function refreshTotal() {
    const total = document.getElementById("points-total");
    if (!total) return;
    let sum = 0;
    let counted = 0;
    form.querySelectorAll('input[name$=".points"]').forEach((input) => {
      const value = parseFloat(input.value.trim().replace(",", "."));
      if (!Number.isNaN(value)) { sum += value; counted += 1; }
    });
    total.textContent = counted
      ? "Tổng điểm tối đa: " + String(Math.round(sum * 100) / 100).replace(".", ",") + " (" + counted + " nội dung có điểm)"
      : "Chưa nội dung nào có điểm.";
  }

  // Errors in red and cautions (a valid pact that may not say what the clerk meant)
  // in orange, each under its field, or in the list at the top when it has none.
  function placeErrors(problems, warnings) {
    form.querySelectorAll(".errors").forEach((box) => { box.textContent = ""; });
    form.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
    const general = document.getElementById("general-errors");
    general.textContent = "";
    const place = (problem, kind) => {
      let field = problem.field || "";
      let target = null;
      while (field && !target) {
        target = form.querySelector('[data-field="' + CSS.escape(field) + '"]');
        if (!target) field = field.replace(/(\.[^.[\]]+|\[\d+\])$/, "");
      }
      const item = document.createElement(target ? "p" : "li");
      if (problem.label) {
        const name = document.createElement("strong");
        name.textContent = problem.label;
        item.append(name, ": ");
      }
      item.append(problem.message);
      item.className = kind;
      if (target) {
        target.querySelector(":scope > .errors").appendChild(item);
        const input = target.querySelector(":scope > input, :scope > select, :scope > textarea, :scope > .code > input");
        if (input && kind === "error") input.setAttribute("aria-invalid", "true");
        if (kind === "error") reveal(target);
      } else {
        general.appendChild(item);
      }
    };
    problems.forEach((problem) => place(problem, "error"));
    warnings.forEach((warning) => place(warning, "caution"));
    document.getElementById("status").textContent = (problems.length
      ? "Còn " + problems.length + " lỗi: sửa ở ô có chữ đỏ."
      : "Không có lỗi.") + (warnings.length ? " " + warnings.length + " lưu ý: xem ô có chữ màu cam." : "");
    refreshOutline();
  }

  // Reports follow the leader: when another member becomes Cụm trưởng, a "Gửi báo
  // cáo về" that named the former leader names the new one (left empty, it already
  // means the leader). A send_to set to someone else on purpose stays.
  function leaderRow() {
    const leaders = Array.from(form.querySelectorAll("select[name]")).filter(
      (select) => /^members\[\d+\]\.role$/.test(select.name) && select.value === "leader");
    return leaders.length === 1 ? leaders[0].closest("[data-row]") : null;
  }
  function memberId(row) {
    const input = Array.from(row.querySelectorAll("input[name]")).find((i) => /^members\[\d+\]\.id$/.test(i.name));
    return input ? input.value.trim() : "";
  }
  let leader = leaderRow();
  function followLeader() {
    const now = leaderRow();
    const sendTo = form.querySelector('[name="reporting.send_to"]');
    if (now && leader && now !== leader && sendTo && sendTo.value.trim() && sendTo.value.trim() === memberId(leader)) {
      sendTo.value = memberId(now);
      noteUnder(sendTo, "Đã đổi theo Cụm trưởng mới: " + sendTo.value + " (trước là " + memberId(leader) + ").");
    }
    if (now) leader = now;
  }

  // A green note under a field the page changed by itself, saying why.
  function noteUnder(input, text) {
    let note = input.parentElement.querySelector(":scope > .followed");
    if (!note) {
      note = document.createElement("p");
      note.className = "hint followed";
      note.setAttribute("role", "status");
      input.insertAdjacentElement("afterend", note);
    }
    note.textContent = text;
  }

  // --- codes made from the text, and what names a code following it

  // The server spells each row's code from its text (vn.slug); an id box the clerk
  // has not typed into (data-auto) takes it as the text changes.
  function applyCodes(codes) {
    let filled = false;
    Object.entries(codes || {}).forEach(([name, code]) => {
      const input = form.querySelector('input[name="' + CSS.escape(name) + '"]');
      if (!input) return;
      input.dataset.suggested = code;
      if (input.dataset.auto === "1" && input.value !== code) {
        renameCode(input, code);
        filled = true;
      }
    });
    if (filled) changed();
  }
  function renameCode(input, code) {
    const before = input.value.trim();
    input.value = code;
    follow(input, before, code);
  }
  // A member's new code: "Gửi báo cáo về" that named the old one names the new one
  // (file names follow by themselves: they are made from the codes).
  function follow(input, before, after) {
    if (!before || before === after || !/^members\[\d+\]\.id$/.test(input.name)) return;
    const sendTo = form.querySelector('[name="reporting.send_to"]');
    if (sendTo && sendTo.value.trim() === before) {
      sendTo.value = after;
      noteUnder(sendTo, "Đã đổi theo mã mới của đơn vị: " + after + " (trước là " + before + ").");
    }
  }
  form.addEventListener("focusin", (event) => {
    if (event.target.matches("input[data-code]")) event.target.dataset.was = event.target.value.trim();
  });
  form.addEventListener("input", (event) => {
    if (event.target.matches("input[data-code]")) event.target.dataset.auto = "";  // the clerk's own code now
  });
  form.addEventListener("change", (event) => {
    const input = event.target;
    if (input.matches("input[data-code]")) {
      follow(input, input.dataset.was || "", input.value.trim());
      input.dataset.was = input.value.trim();
    }
  });

  // --- a removal can be undone

  const removed = [];
  function removeRow(row) {
    const title = row.querySelector(".row-title").textContent.trim();
    removed.push({ row, parent: row.parentElement, index: Array.from(row.parentElement.children).indexOf(row), title });
    row.remove();
    showUndo();
  }
  function showUndo() {
    const box = document.getElementById("undo");
    if (!box) return;
    box.hidden = removed.length === 0;
    if (removed.length) {
      document.getElementById("undo-text").textContent = "Đã xóa " + removed[removed.length - 1].title + ".";
    }
  }
  const undoButton = document.getElementById("undo-button");
  if (undoButton) {
    undoButton.addEventListener("click", () => {
      const last = removed.pop();
      if (!last) return;
      last.parent.insertBefore(last.row, last.parent.children[last.index] || null);
      renumber();
      reveal(last.row);
      last.row.scrollIntoView({ block: "nearest" });
      showUndo();
      changed();
    });
  }

  async function check() {
    const mine = ++sequence;
    const response = await fetch(form.dataset.check, {
      method: "POST",
      headers: { "X-CSRF-Token": token },
      body: new FormData(form),
    });
    if (mine !== sequence) return; // a newer check is on its way
    const answer = await response.json();
    if (answer.error) {
      placeErrors([{ field: "", message: answer.error }], []);
      return;
    }
    placeErrors(answer.problems, answer.warnings);
    document.getElementById("stale").hidden = !answer.stale;
    applyCodes(answer.codes);
  }

  function changed() {
    dirty = true;
    document.getElementById("dirty").hidden = false;
    clearTimeout(timer);
    timer = setTimeout(check, DELAY_MS);
  }

  form.addEventListener("change", (event) => {
    if (/^members\[\d+\]\.role$/.test(event.target.name || "")) followLeader();
  });
  form.addEventListener("input", (event) => {
    changed();
    if (event.target.closest("details.row")) { refreshCaptions(); refreshOutline(); }
    if ((event.target.name || "").endsWith(".points")) refreshTotal();
  });
  form.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    event.preventDefault();  // a button in a row's summary acts, and leaves the row as it is
    const action = button.dataset.action;
    if (action === "code") {
      // the code follows the text from now on: the next check's answer fills it
      button.parentElement.querySelector("input[data-code]").dataset.auto = "1";
      changed();
      return;
    }
    if (action === "add") {
      const list = button.closest("fieldset.list");
      const template = list.querySelector(":scope > template");
      const row = template.content.firstElementChild.cloneNode(true);
      list.querySelector(":scope > .rows").appendChild(row);
      renumber();
      const first = row.querySelector("input:not([type=hidden]), select, textarea");
      if (first) first.focus();
    } else {
      const row = button.closest("[data-row]");
      if (action === "up" && row.previousElementSibling) row.parentElement.insertBefore(row, row.previousElementSibling);
      if (action === "down" && row.nextElementSibling) row.parentElement.insertBefore(row.nextElementSibling, row);
      if (action === "remove") removeRow(row);
      renumber();
    }
    changed();
  });
  form.addEventListener("submit", () => { dirty = false; });
  window.addEventListener("beforeunload", (event) => {
    if (dirty) event.preventDefault();
  });

  renumber();
  reopen();
  placeErrors(JSON.parse(document.getElementById("problems").textContent),
              JSON.parse(document.getElementById("warnings").textContent));
  // the page came back unsaved, asking to confirm: the form holds the clerk's edits
  if (document.querySelector("#confirm-save[data-unsaved]")) {
    dirty = true;
    document.getElementById("dirty").hidden = false;
  }
})();
