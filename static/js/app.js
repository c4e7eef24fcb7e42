// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector(".nav-toggle");
  const nav = document.getElementById("mainnav");
  if (toggle && nav) {
    toggle.addEventListener("click", () => {
      const open = nav.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  // The account menu is a plain <details>; also close it on Escape or a click elsewhere.
  const usermenu = document.querySelector(".usermenu");
  if (usermenu) {
    document.addEventListener("click", (event) => {
      if (usermenu.open && !usermenu.contains(event.target)) usermenu.open = false;
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && usermenu.open) {
        usermenu.open = false;
        usermenu.querySelector("summary").focus();
      }
    });
  }
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.addEventListener("click", () => window.print());
  });
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
});

// Period pickers: show only the fields the chosen kind of period needs.
document.addEventListener("DOMContentLoaded", () => {
  const needs = { month: ["month", "ytd"], quarter: ["quarter"], half: ["half"], start: ["custom"], end: ["custom"] };
  document.querySelectorAll("select[name=kind]").forEach((kind) => {
    const form = kind.form;
    const update = () => {
      Object.entries(needs).forEach(([name, kinds]) => {
        const input = form.querySelector(`[name=${name}]`);
        if (!input) return;
        const show = kinds.includes(kind.value);
        const wrapper = input.closest(".field");
        const targets = wrapper ? [wrapper] : [input, form.querySelector(`label[for=${input.id}]`)];
        targets.forEach((el) => { if (el) el.hidden = !show; });
      });
    };
    kind.addEventListener("change", update);
    update();
  });
});
