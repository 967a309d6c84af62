// Jalali date inputs: every <input data-jdp> gets the date picker (served locally).
// The server writes dates in Persian digits («۱۴۰۵/۰۹/۱۰»); the picker reads only Latin ones
// and opened empty on such a field. Registered before the picker's own listeners (capture
// phase), this hands it the same date in Latin digits, which is also what it writes back;
// the server accepts both.
function latinDigits(text) {
  return text.replace(/[\u06F0-\u06F9\u0660-\u0669]/g, function (d) {
    var code = d.charCodeAt(0);
    return String(code >= 0x06F0 ? code - 0x06F0 : code - 0x0660);
  });
}
["focus", "mousedown", "click"].forEach(function (type) {
  document.addEventListener(type, function (event) {
    var field = event.target;
    if (field && field.matches && field.matches("input[data-jdp]")) {
      var latin = latinDigits(field.value);
      if (latin !== field.value) { field.value = latin; }
    }
  }, true);
});

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
