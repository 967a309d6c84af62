// Live preview of a resolution's due date beside its deadline field (the edit page, and each
// resolution row of a meeting's record page).
// The server does the reading (the same check as saving): this only asks it while the person
// types and shows its Persian answer. Without JavaScript the page says the same after saving.
(function () {
  "use strict";

  function attach(preview) {
    var field = preview.closest(".deadline-field");
    var input = field && field.querySelector("[data-deadline-input]");
    var url = preview.getAttribute("data-url");
    if (!input || !url) return;
    var timer = null;
    var asked = 0;

    function show(data) {
      preview.textContent = data.message;
      preview.classList.toggle("text-danger", !data.valid);
      preview.classList.toggle("text-success", data.valid && data.due !== "");
      input.classList.toggle("is-invalid", !data.valid);
    }

    function ask() {
      var mine = ++asked;
      fetch(url + "?deadline=" + encodeURIComponent(input.value), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (data) {
          // An older answer arriving after a newer question is dropped.
          if (data && mine === asked) show(data);
        })
        .catch(function () {
          /* offline: the check still runs when the form is saved */
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, 300);
    });
  }

  // Rows added later (the meeting record page) attach their own preview.
  window.qarargahDeadlinePreview = { attach: attach };

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-deadline-preview]").forEach(attach);
  });
})();
