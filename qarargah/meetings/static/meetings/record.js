// The meeting record page (meetings/record_form.html): rows added without a page load, and the
// autosave. Every few seconds a changed form is kept in this browser (localStorage) and sent to
// the server with the version it was built from; the server refuses a stale version (409), so a
// second tab never overwrites the first silently: it stops and says so in Persian. On load, the
// newest of the server's draft and this browser's copy is put back into the form.
(function () {
  "use strict";

  var INTERVAL = 4000;

  function init(form) {
    var url = form.getAttribute("data-autosave-url");
    var storageKey = form.getAttribute("data-storage-key");
    var status = document.querySelector("[data-autosave-status]");
    var versionInput = form.querySelector("input[name=version]");
    var serverDraft = {};
    try {
      serverDraft = JSON.parse(document.getElementById("record-server-draft").textContent) || {};
    } catch (e) {
      serverDraft = {};
    }
    var stopped = false;
    var dirty = false;
    var lastSent = "";

    function say(text, kind) {
      if (!status) return;
      status.textContent = text;
      status.className = "alert small alert-" + (kind || "light");
    }

    function csrf() {
      var input = form.querySelector("input[name=csrfmiddlewaretoken]");
      return input ? input.value : "";
    }

    // --- Rows ---------------------------------------------------------------------------------

    function addFrom(templateSelector, containerSelector, prefix) {
      var template = form.querySelector(templateSelector);
      var container = form.querySelector(containerSelector);
      var total = form.querySelector("input[name=" + prefix + "-TOTAL_FORMS]");
      if (!template || !container || !total) return null;
      var index = parseInt(total.value, 10) || 0;
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var row = holder.firstElementChild;
      container.appendChild(row);
      total.value = String(index + 1);
      if (window.qarargahAgencyPicker) window.qarargahAgencyPicker.enhanceAll(row);
      if (window.qarargahDeadlinePreview) {
        row.querySelectorAll("[data-deadline-preview]").forEach(window.qarargahDeadlinePreview.attach);
      }
      return row;
    }

    function addRow() { return addFrom("[data-record-template]", "[data-record-rows]", "row"); }
    function addStatement() { return addFrom("[data-statement-template]", "[data-statement-rows]", "st"); }

    var addRowButton = form.querySelector("[data-add-row]");
    if (addRowButton) {
      addRowButton.addEventListener("click", function (event) {
        event.preventDefault();
        var row = addRow();
        if (row) {
          var text = row.querySelector("textarea");
          if (text) text.focus();
        }
        changed();
      });
    }
    var addStatementButton = form.querySelector("[data-add-statement]");
    if (addStatementButton) {
      addStatementButton.hidden = false;
      addStatementButton.addEventListener("click", function () { addStatement(); changed(); });
    }

    // --- Reading and restoring the form ---------------------------------------------------------

    function collect() {
      var fields = {};
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!el.name || el.name === "csrfmiddlewaretoken" || el.name === "version" || el.type === "submit") return;
        if (/-TOTAL_FORMS$|-INITIAL_FORMS$|-MIN_NUM_FORMS$|-MAX_NUM_FORMS$/.test(el.name)) return;
        if (el.type === "checkbox" || el.type === "radio") {
          if (!el.checked) return;
          (fields[el.name] = fields[el.name] || []).push(el.value);
        } else if (el.tagName === "SELECT" && el.multiple) {
          fields[el.name] = Array.prototype.filter.call(el.options, function (o) { return o.selected; })
            .map(function (o) { return o.value; });
        } else {
          (fields[el.name] = fields[el.name] || []).push(el.value);
        }
      });
      return fields;
    }

    function hasContent(fields) {
      return Object.keys(fields || {}).some(function (name) {
        return (fields[name] || []).some(function (v) { return v && String(v).trim() !== ""; });
      });
    }

    function ensureRows(fields, prefix, add) {
      var highest = -1;
      var pattern = new RegExp("^" + prefix + "-(\\d+)-");
      Object.keys(fields).forEach(function (name) {
        var m = pattern.exec(name);
        if (m) highest = Math.max(highest, parseInt(m[1], 10));
      });
      var total = form.querySelector("input[name=" + prefix + "-TOTAL_FORMS]");
      while (total && parseInt(total.value, 10) <= highest) add();
    }

    function restore(fields) {
      ensureRows(fields, "row", addRow);
      ensureRows(fields, "st", addStatement);
      Object.keys(fields).forEach(function (name) {
        var values = fields[name] || [];
        var els = form.querySelectorAll("[name='" + name.replace(/'/g, "") + "']");
        Array.prototype.forEach.call(els, function (el, i) {
          if (el.tagName === "SELECT") {
            if (el.tomselect) {
              el.tomselect.setValue(values, true);
            } else {
              Array.prototype.forEach.call(el.options, function (o) { o.selected = values.indexOf(o.value) !== -1; });
            }
          } else if (el.type === "checkbox" || el.type === "radio") {
            el.checked = values.indexOf(el.value) !== -1;
          } else if (values[i] !== undefined) {
            el.value = values[i];
          }
        });
      });
    }

    function readLocal() {
      try {
        return JSON.parse(window.localStorage.getItem(storageKey) || "null");
      } catch (e) {
        return null;
      }
    }

    function writeLocal(fields) {
      try {
        window.localStorage.setItem(
          storageKey,
          JSON.stringify({ version: parseInt(versionInput.value, 10) || 0, fields: fields, at: Date.now() })
        );
      } catch (e) {
        /* storage full or disabled: the server copy still works */
      }
    }

    // A page shown after a refused save has the server's errors and what was posted: keep it.
    var showsErrors = form.querySelector(".invalid-feedback, .alert-danger") !== null;
    if (!showsErrors) {
      var local = readLocal();
      var serverFields = serverDraft.fields || {};
      var chosen = null;
      // This browser's copy wins when no save reached the server after it was made (it may hold
      // what was typed after the last autosave, before the tab closed or the connection went);
      // a later save (the final one, or another tab's) bumped the server's version past it.
      if (local && hasContent(local.fields) && local.version >= (serverDraft.version || 0)) {
        chosen = local.fields;
      } else if (hasContent(serverFields)) {
        chosen = serverFields;
      }
      if (chosen) {
        restore(chosen);
        // What came back from this browser goes to the server at the next tick.
        dirty = chosen !== serverFields;
        say("نوشته‌های ذخیره‌نشده قبلی بازگردانده شد؛ برای ثبت نهایی «ذخیره صورتجلسه» را بزنید.", "info");
      }
    }
    lastSent = JSON.stringify(serverDraft.fields || {});

    // --- Saving -----------------------------------------------------------------------------------

    function changed() { dirty = true; }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);

    function save() {
      if (stopped || !dirty) return;
      dirty = false;
      var fields = collect();
      writeLocal(fields);
      var body = JSON.stringify({ version: parseInt(versionInput.value, 10) || 0, fields: fields });
      if (JSON.stringify(fields) === lastSent) return;
      fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf(), Accept: "application/json" },
        body: body,
      })
        .then(function (response) {
          return response.json().then(function (data) { return { status: response.status, data: data }; });
        })
        .then(function (answer) {
          if (answer.status === 200 && answer.data.ok) {
            versionInput.value = String(answer.data.version);
            lastSent = JSON.stringify(fields);
            writeLocal(fields);
            say(answer.data.message, "light");
          } else if (answer.status === 409) {
            stopped = true;
            say(answer.data.message, "danger");
          } else {
            say(answer.data.message || "ذخیره خودکار انجام نشد.", "warning");
          }
        })
        .catch(function () {
          dirty = true;
          say("اتصال به سامانه برقرار نیست؛ نوشته‌ها در همین مرورگر نگه داشته شد و پس از برقراری اتصال ذخیره می‌شود.", "warning");
        });
    }

    window.setInterval(save, INTERVAL);
    form.addEventListener("submit", function () {
      // The browser's copy stays until the save is through: a successful save bumps the server's
      // version, which makes that copy stale, so it is not put back on the next visit.
      writeLocal(collect());
      stopped = true;
    });
    window.addEventListener("beforeunload", function () { if (dirty) writeLocal(collect()); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-record-form]").forEach(init);
  });
})();
