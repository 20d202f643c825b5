// The attendance grid: save a cell as soon as its mark changes.
// Without this script the grid is an ordinary form with a Save button.
(function () {
  "use strict";
  function init() {
    var form = document.querySelector("form[data-grid]");
    if (!form) { return; }
    var status = document.querySelector("[data-grid-status]");
    var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    form.addEventListener("change", function (event) {
      var select = event.target;
      if (!select.matches("select[name^='cell-']")) { return; }
      var body = new FormData();
      body.append("csrfmiddlewaretoken", token);
      body.append(select.name, select.value);
      select.setAttribute("aria-busy", "true");
      fetch(form.action, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch", "X-CSRFToken": token }
      }).then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      }).then(function (result) {
        select.removeAttribute("aria-busy");
        var label = select.getAttribute("aria-label");
        if (result.ok) {
          select.dataset.initial = select.value;
          select.parentElement.className = "staff-cell staff-cell-" + (select.value || "none");
          status.textContent = "Saved: " + label + ".";
        } else {
          select.value = select.dataset.initial || "";
          status.textContent = "Not saved (" + label + "): " + result.data.message;
        }
      }).catch(function () {
        select.removeAttribute("aria-busy");
        status.textContent = "Could not reach the server; press Save attendance to try again.";
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
