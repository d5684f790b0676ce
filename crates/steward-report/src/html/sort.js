// Sorts a table by the column whose header button is pressed: numbers and ids in natural
// order (`data-sort` where a cell has one), again to reverse; `aria-sort` says which. A page
// opened at `#sort=COLUMN-ascending` (or `-descending`) starts sorted that way.
function sortTable(table, column, ascending) {
  var headers = table.querySelectorAll("thead th");
  headers.forEach(function (other) { other.setAttribute("aria-sort", "none"); });
  headers[column].setAttribute("aria-sort", ascending ? "ascending" : "descending");
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var key = function (row) {
    var cell = row.cells[column];
    return cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
  };
  rows.sort(function (left, right) {
    var order = key(left).localeCompare(key(right), undefined, { numeric: true });
    return ascending ? order : -order;
  });
  rows.forEach(function (row) { body.appendChild(row); });
}

document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("thead th").forEach(function (header, column) {
    header.querySelector("button").addEventListener("click", function () {
      sortTable(table, column, header.getAttribute("aria-sort") !== "ascending");
    });
  });
  var asked = /^#sort=(\d+)-(ascending|descending)$/.exec(window.location.hash);
  if (asked && Number(asked[1]) < table.querySelectorAll("thead th").length) {
    sortTable(table, Number(asked[1]), asked[2] === "ascending");
  }
});
