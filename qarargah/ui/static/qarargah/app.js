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

// Persian digits for what the date picker writes (it writes Latin ones, see above).
function persianDigits(text) {
  return String(text).replace(/[0-9]/g, function (d) { return String.fromCharCode(0x06F0 + Number(d)); });
}
document.addEventListener("change", function (event) {
  var field = event.target;
  if (field && field.matches && field.matches("input[data-jdp]")) {
    var persian = persianDigits(field.value);
    if (persian !== field.value) { field.value = persian; }
  }
}, true);

// The browser's own validation bubbles speak the browser's language («Please fill out this
// field.»); every field gets the Persian sentence for the rule it breaks instead.
var VALIDITY_MESSAGES = [
  ["valueMissing", function (f) {
    if (f.type === "file") { return "لطفاً یک فایل انتخاب کنید."; }
    if (f.type === "checkbox" || f.type === "radio") { return "لطفاً این گزینه را انتخاب کنید."; }
    if (f.tagName === "SELECT") { return "لطفاً یکی از گزینه‌ها را انتخاب کنید."; }
    return "لطفاً این بخش را پر کنید.";
  }],
  ["typeMismatch", function (f) {
    if (f.type === "email") { return "لطفاً یک نشانی ایمیل درست وارد کنید."; }
    if (f.type === "url") { return "لطفاً یک نشانی اینترنتی درست وارد کنید."; }
    return "قالب مقدار واردشده درست نیست.";
  }],
  ["badInput", function () { return "لطفاً یک عدد وارد کنید."; }],
  ["patternMismatch", function (f) {
    return f.title ? "قالب مقدار واردشده درست نیست: " + f.title : "قالب مقدار واردشده درست نیست.";
  }],
  ["tooLong", function (f) { return "حداکثر " + persianDigits(f.maxLength) + " نویسه مجاز است."; }],
  ["tooShort", function (f) { return "دست‌کم " + persianDigits(f.minLength) + " نویسه لازم است."; }],
  ["rangeUnderflow", function (f) { return "مقدار باید " + persianDigits(f.min) + " یا بیشتر باشد."; }],
  ["rangeOverflow", function (f) { return "مقدار باید " + persianDigits(f.max) + " یا کمتر باشد."; }],
  ["stepMismatch", function () { return "این مقدار پذیرفته نیست؛ لطفاً یک عدد درست وارد کنید."; }],
];
document.addEventListener("invalid", function (event) {
  var field = event.target;
  if (!field.setCustomValidity) { return; }
  field.setCustomValidity("");
  for (var i = 0; i < VALIDITY_MESSAGES.length; i++) {
    if (field.validity[VALIDITY_MESSAGES[i][0]]) {
      field.setCustomValidity(VALIDITY_MESSAGES[i][1](field));
      break;
    }
  }
}, true);
["input", "change"].forEach(function (type) {
  document.addEventListener(type, function (event) {
    if (event.target.setCustomValidity) { event.target.setCustomValidity(""); }
  }, true);
});

// File inputs: the native button says «Choose File» / «No file chosen» in the browser's
// language. Each one gets a Persian button and a line saying what was chosen; the native input
// stays in the form (visually hidden, still focusable and still what is submitted).
function describeFiles(input) {
  var count = input.files ? input.files.length : 0;
  if (count === 0) { return "فایلی انتخاب نشده است."; }
  if (count === 1) { return input.files[0].name; }
  return persianDigits(count) + " فایل انتخاب شد.";
}
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("input[type=file]").forEach(function (input) {
    if (!input.id) { return; }
    var wrapper = document.createElement("div");
    wrapper.className = "fa-file d-flex align-items-center gap-2 flex-wrap";
    var button = document.createElement("label");
    button.className = "btn btn-outline-secondary btn-sm mb-0";
    button.htmlFor = input.id;
    button.textContent = input.multiple ? "انتخاب فایل‌ها" : "انتخاب فایل";
    var status = document.createElement("span");
    status.className = "fa-file-status text-body-secondary small";
    status.setAttribute("aria-live", "polite");
    status.textContent = describeFiles(input);
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);
    wrapper.appendChild(button);
    wrapper.appendChild(status);
    input.classList.add("fa-file-input");
    input.addEventListener("change", function () { status.textContent = describeFiles(input); });
  });
});
