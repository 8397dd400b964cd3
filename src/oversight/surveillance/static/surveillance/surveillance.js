// Content that HTMX swaps into a surveillance page (SPC results, charts) gets the same table sorting and
// filtering that oversight/app.js gives a page when it first loads.
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

function enhance(root) {
  root.querySelectorAll("table[data-sortable]").forEach((table) => {
    if (table.dataset.enhanced) return;
    table.dataset.enhanced = "true";
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
  });
  root.querySelectorAll("input[data-filter-table]").forEach((input) => {
    if (input.dataset.enhanced) return;
    input.dataset.enhanced = "true";
    const table = document.getElementById(input.dataset.filterTable);
    if (!table) return;
    input.addEventListener("input", () => {
      const needle = input.value.trim().toLowerCase();
      Array.from(table.tBodies[0].rows).forEach((row) => {
        row.hidden = needle !== "" && !row.textContent.toLowerCase().includes(needle);
      });
    });
  });
}

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
