// Start the NHS.UK design system's components (header menu, error summary, tables...).
import { initAll } from "../nhsuk/nhsuk-frontend.min.js";

initAll();

// Sortable tables: any <table data-sortable> sorts by a header button, keeping the
// server's order as the default. Numbers sort as numbers (data-sort-value wins).
function cellValue(row, index) {
  const cell = row.cells[index];
  const raw = cell.dataset.sortValue ?? cell.textContent.trim();
  const number = Number(raw.replace(/[,%£]/g, ""));
  return raw !== "" && !Number.isNaN(number) ? number : raw.toLowerCase();
}

function sortTable(table, index, button) {
  const body = table.tBodies[0];
  const ascending = button.getAttribute("aria-sort") !== "ascending";
  const rows = Array.from(body.rows);
  rows.sort((a, b) => {
    const x = cellValue(a, index);
    const y = cellValue(b, index);
    if (x === y) return 0;
    return (x > y ? 1 : -1) * (ascending ? 1 : -1);
  });
  rows.forEach((row) => body.appendChild(row));
  table.querySelectorAll("th[aria-sort]").forEach((th) => th.setAttribute("aria-sort", "none"));
  button.closest("th").setAttribute("aria-sort", ascending ? "ascending" : "descending");
  button.setAttribute("aria-sort", ascending ? "ascending" : "descending");
}

function makeSortable(table) {
  table.querySelectorAll("thead th").forEach((th, index) => {
    if (th.dataset.sortable === "false" || th.querySelector("button")) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "app-sort-button";
    button.textContent = th.textContent.trim();
    th.textContent = "";
    th.setAttribute("aria-sort", "none");
    th.appendChild(button);
    button.addEventListener("click", () => sortTable(table, index, button));
  });
}

// Filter a table in place from a text box: <input data-filter-table="TABLE_ID">.
function makeFilter(input) {
  const table = document.getElementById(input.dataset.filterTable);
  if (!table) return;
  input.addEventListener("input", () => {
    const needle = input.value.trim().toLowerCase();
    Array.from(table.tBodies[0].rows).forEach((row) => {
      row.hidden = needle !== "" && !row.textContent.toLowerCase().includes(needle);
    });
  });
}

// Enhance once, whether the content came with the page or was swapped in by HTMX.
function enhance(root) {
  root.querySelectorAll("table[data-sortable]:not([data-enhanced])").forEach((table) => {
    table.dataset.enhanced = "true";
    makeSortable(table);
  });
  root.querySelectorAll("input[data-filter-table]:not([data-enhanced])").forEach((input) => {
    input.dataset.enhanced = "true";
    makeFilter(input);
  });
}

enhance(document);

document.body.addEventListener("htmx:load", (event) => {
  const element = event.detail && event.detail.elt;
  if (!element || element === document.body) return;
  enhance(element);
  // Move focus to an error summary that arrived with the swap, as the NHS.UK frontend does on page load.
  const summary = element.querySelector(".nhsuk-error-summary");
  if (summary) {
    summary.setAttribute("tabindex", "-1");
    summary.focus();
  }
});

// Long downloads: a <form data-busy-form> with a <p role="status" data-busy-message="..."> says the
// work has started (a file download leaves the page as it is, so the message cannot say when it ends).
document.querySelectorAll("form[data-busy-form]").forEach((form) => {
  const status = form.querySelector("[data-busy-message]");
  if (!status) return;
  form.addEventListener("submit", () => {
    status.textContent = status.dataset.busyMessage;
  });
});
