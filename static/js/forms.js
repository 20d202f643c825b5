/* Forms: the error summary and "add another person".
 *
 * Error summary (GOV.UK Design System pattern): when a page shows one, focus
 * moves to it so screen readers announce it; a link in it focuses its field
 * and scrolls the field's label or legend into view.
 *
 * Add another: a button with data-add-row="PREFIX" clones the <template
 * data-row-template="PREFIX"> into [data-rows="PREFIX"], replacing __prefix__
 * with the next index and raising PREFIX-TOTAL_FORMS. Without JavaScript the
 * same button submits the form and the server adds a row.
 */
(function () {
  "use strict";

  function focusSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) { return; }
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) { return; }
      var input = document.getElementById(link.getAttribute("href").slice(1));
      if (!input) { return; }
      event.preventDefault();
      var legend = input.closest("fieldset") && input.closest("fieldset").querySelector("legend");
      var label = legend || document.querySelector("label[for='" + input.id + "']") || input;
      label.scrollIntoView();
      input.focus({ preventScroll: true });
    });
  }

  function addRow(button) {
    var prefix = button.getAttribute("data-add-row");
    var template = document.querySelector("template[data-row-template='" + prefix + "']");
    var rows = document.querySelector("[data-rows='" + prefix + "']");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var max = document.getElementById("id_" + prefix + "-MAX_NUM_FORMS");
    if (!template || !rows || !total) { return false; }
    var index = parseInt(total.value, 10) || 0;
    if (max && index >= parseInt(max.value, 10)) { return true; }
    var html = template.innerHTML.replace(/__prefix__/g, String(index))
      .replace(/__number__/g, String(index + 1));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var added = rows.lastElementChild;
    var first = added && added.querySelector("input, textarea, select");
    if (first) { first.focus(); }
    return true;
  }

  function wireAddButtons() {
    var buttons = document.querySelectorAll("[data-add-row]");
    Array.prototype.forEach.call(buttons, function (button) {
      button.addEventListener("click", function (event) {
        if (addRow(button)) { event.preventDefault(); }
      });
    });
  }

  function showPartialSessions() {
    /* Session choice shows only while a partial package is chosen. */
    var block = document.querySelector("[data-sessions-for]");
    if (!block) { return; }
    var partial = block.getAttribute("data-sessions-for").split(" ");
    var radios = document.querySelectorAll("input[name='option']");
    function update() {
      var chosen = document.querySelector("input[name='option']:checked");
      block.hidden = !(chosen && partial.indexOf(chosen.value) !== -1);
    }
    Array.prototype.forEach.call(radios, function (radio) {
      radio.addEventListener("change", update);
    });
    update();
  }

  function start() {
    focusSummary();
    wireAddButtons();
    showPartialSessions();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
