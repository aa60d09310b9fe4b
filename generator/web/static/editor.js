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
      const label = input.parentElement.querySelector(":scope > label");
      input.id = "f-" + input.name;
      if (label) label.htmlFor = input.id;
    });
    form.querySelectorAll(".rows").forEach((rows) => {
      Array.from(rows.children).forEach((row, index) => {
        const number = row.querySelector(":scope > .row-head .row-number");
        if (number) number.textContent = String(index + 1);
      });
    });
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
        const input = target.querySelector(":scope > input, :scope > select, :scope > textarea");
        if (input && kind === "error") input.setAttribute("aria-invalid", "true");
      } else {
        general.appendChild(item);
      }
    };
    problems.forEach((problem) => place(problem, "error"));
    warnings.forEach((warning) => place(warning, "caution"));
    document.getElementById("status").textContent = (problems.length
      ? "Còn " + problems.length + " lỗi: sửa ở ô có chữ đỏ."
      : "Không có lỗi.") + (warnings.length ? " " + warnings.length + " lưu ý: xem ô có chữ màu cam." : "");
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
      let note = sendTo.parentElement.querySelector(":scope > .followed");
      if (!note) {
        note = document.createElement("p");
        note.className = "hint followed";
        note.setAttribute("role", "status");
        sendTo.insertAdjacentElement("afterend", note);
      }
      note.textContent = "Đã đổi theo Cụm trưởng mới: " + sendTo.value + " (trước là " + memberId(leader) + ").";
    }
    if (now) leader = now;
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
  form.addEventListener("input", changed);
  form.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    const action = button.dataset.action;
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
      if (action === "remove") row.remove();
      renumber();
    }
    changed();
  });
  form.addEventListener("submit", () => { dirty = false; });
  window.addEventListener("beforeunload", (event) => {
    if (dirty) event.preventDefault();
  });

  renumber();
  placeErrors(JSON.parse(document.getElementById("problems").textContent),
              JSON.parse(document.getElementById("warnings").textContent));
})();
