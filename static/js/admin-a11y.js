/* Names for the stock admin's script-built controls (WCAG 2.2 AA, see
   docs/accessibility.md). A static file: the content security policy allows
   no inline scripts. Runs after the admin's own scripts have built the
   widgets (they start on DOMContentLoaded or load). */
"use strict";

(function () {
  function nameFilterBoxes() {
    // filter_horizontal: the search icon carries its text in aria-label,
    // which a span may not have; the text goes into the label instead.
    document.querySelectorAll(".selector .search-label-icon[aria-label]").forEach(function (icon) {
      const text = document.createElement("span");
      text.className = "visually-hidden";
      text.textContent = icon.getAttribute("aria-label");
      icon.removeAttribute("aria-label");
      icon.setAttribute("aria-hidden", "true");
      icon.parentNode.appendChild(text);
    });
  }

  function nameAutocompletes() {
    // Autocomplete (select2): its combobox is named by the chosen value only,
    // so an empty one had no name; name it by the field's label as well.
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      const label = document.querySelector('label[for="' + select.id + '"]');
      const container = select.nextElementSibling;
      const box = container && container.querySelector(".select2-selection");
      if (!label || !box) {
        return;
      }
      if (!label.id) {
        label.id = select.id + "_label";
      }
      const current = box.getAttribute("aria-labelledby") || "";
      if (current.split(" ").indexOf(label.id) === -1) {
        box.setAttribute("aria-labelledby", (label.id + " " + current).trim());
      }
      // The read-only "textbox" showing the choice inside it, likewise.
      const shown = box.querySelector(".select2-selection__rendered");
      if (shown && shown.id) {
        shown.setAttribute("aria-labelledby", label.id + " " + shown.id);
      }
    });
  }

  function nameListEditables() {
    // Editable columns in a change list: name each box by its column and row.
    const table = document.getElementById("result_list");
    if (!table) {
      return;
    }
    const headings = Array.from(table.querySelectorAll("thead th")).map(function (th) {
      return th.textContent.trim();
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      const rowName = (row.querySelector("th") || {textContent: ""}).textContent.trim();
      Array.from(row.children).forEach(function (cell, index) {
        cell.querySelectorAll("input:not([type=hidden]):not(.action-select), select, textarea").forEach(function (input) {
          if (input.labels && input.labels.length) {
            return;
          }
          if (!input.hasAttribute("aria-label") && headings[index]) {
            input.setAttribute("aria-label", headings[index] + (rowName ? " (" + rowName + ")" : ""));
          }
        });
      });
    });
  }

  function run() {
    nameFilterBoxes();
    nameAutocompletes();
    nameListEditables();
    document.documentElement.dataset.a11yReady = "1";
  }

  window.addEventListener("load", function () {
    window.setTimeout(run, 0);
  });
})();
