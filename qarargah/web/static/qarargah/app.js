// Jalali date inputs: every <input data-jdp> gets the date picker (served locally).
document.addEventListener("DOMContentLoaded", function () {
  if (window.jalaliDatepicker) {
    window.jalaliDatepicker.startWatch({
      persianDigits: true,
      autoShow: true,
      autoHide: true,
      hideAfterChange: true,
      date: true,
      time: false,
      zIndex: 2000,
    });
  }
  // Confirmation for destructive actions: <form data-confirm="...">.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); }
    });
  });
});
