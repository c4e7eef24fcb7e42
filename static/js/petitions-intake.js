// Type-ahead for the intake page: find an existing petitioner by name,
// pinyin, phone or ID number; arrows move, Enter chooses, Escape closes.
(function () {
  "use strict";
  const input = document.getElementById("petitioner-search");
  if (!input) return;
  const list = document.getElementById("petitioner-results");
  const hidden = document.getElementById("id_person");
  const chosen = document.getElementById("petitioner-chosen");
  let timer = null;
  let active = -1;

  function choose(id, label) {
    hidden.value = id;
    chosen.textContent = "";
    const b = document.createElement("b");
    b.textContent = label;
    chosen.append(b, " ");
    const clear = document.createElement("button");
    clear.type = "button";
    clear.className = "linklike";
    clear.textContent = "×";
    clear.addEventListener("click", () => { hidden.value = ""; chosen.textContent = ""; input.focus(); });
    chosen.append(clear);
    list.textContent = "";
    input.value = "";
    document.getElementById("id_channel").focus();
  }

  function highlight(i) {
    const items = list.querySelectorAll("li");
    items.forEach((li, n) => li.setAttribute("aria-selected", n === i ? "true" : "false"));
    active = i;
  }

  async function search() {
    const q = input.value.trim();
    if (!q) { list.textContent = ""; return; }
    const response = await fetch(input.dataset.url + "?q=" + encodeURIComponent(q), { credentials: "same-origin" });
    const data = await response.json();
    list.textContent = "";
    data.results.forEach((p) => {
      const li = document.createElement("li");
      li.setAttribute("role", "option");
      li.dataset.id = p.id;
      li.dataset.label = p.name + " " + p.phone;
      li.textContent = `${p.name} · ${p.phone || "—"} · ${p.id_number || "—"} · ${p.unit}`;
      li.addEventListener("click", () => choose(p.id, li.dataset.label));
      list.append(li);
    });
    highlight(data.results.length ? 0 : -1);
  }

  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(search, 200); });
  input.addEventListener("keydown", (event) => {
    const items = list.querySelectorAll("li");
    if (event.key === "ArrowDown" && items.length) { highlight(Math.min(active + 1, items.length - 1)); event.preventDefault(); }
    else if (event.key === "ArrowUp" && items.length) { highlight(Math.max(active - 1, 0)); event.preventDefault(); }
    else if (event.key === "Enter") {
      if (active >= 0 && items[active]) { choose(items[active].dataset.id, items[active].dataset.label); }
      event.preventDefault();
    } else if (event.key === "Escape") { list.textContent = ""; }
  });
  document.querySelectorAll(".pick-match").forEach((button) => {
    button.addEventListener("click", () => choose(button.dataset.id, button.dataset.name));
  });
  const clear = document.getElementById("petitioner-clear");
  if (clear) clear.addEventListener("click", () => { hidden.value = ""; chosen.textContent = ""; });
})();
