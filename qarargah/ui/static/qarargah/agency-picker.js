// Agency pickers: every <select data-agency-picker> (single or multiple) becomes a
// search-as-you-type picker (tom-select, served by the app from its npm package).
//
// Persian is matched the way the server matches it: each <option> carries data-search, its
// label's key made by persian.match_key on the server (ui.forms.AgencySelect, the list's
// select_options tag), and what the person types is folded here with the table the server
// builds from the same match_key (the #persian-match-table data island in base.html). So
// «مركز» typed with an Arabic kaf finds «مرکز», «ي» finds «ی», and ZWNJ, spaces and
// diacritics are ignored on both sides.
(function () {
  "use strict";

  var table = null;

  function matchTable() {
    if (table === null) {
      var island = document.getElementById("persian-match-table");
      try {
        table = island ? JSON.parse(island.textContent) : {};
      } catch (error) {
        table = {};
      }
    }
    return table;
  }

  // The browser's half of match_key: the table first, then what the table leaves to it
  // (letters and digits lower-cased, everything else dropped), as picker_tags.py describes.
  function matchKey(text) {
    var map = matchTable();
    var folded = "";
    for (var ch of String(text || "")) {
      folded += Object.prototype.hasOwnProperty.call(map, ch) ? map[ch] : ch;
    }
    return folded.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
  }

  function optionKey(option) {
    // An option added without a key (none today) is keyed from its label here.
    return option.search || matchKey(option.text);
  }

  function enhance(select) {
    if (select.tomselect || !window.TomSelect) { return; }
    var multiple = select.multiple;
    var plugins = multiple ? { remove_button: { title: "حذف این دستگاه" } } : {};
    if (!multiple && !select.required) {
      plugins.clear_button = { title: "پاک کردن انتخاب" };
    }
    var settings = {
      plugins: plugins,
      maxOptions: 300,
      // Matching is ours (above): tom-select's own search would compare «ي» and «ی» as
      // different letters, and its highlighting would mark the wrong characters.
      highlight: false,
      searchField: ["search"],
      score: function (query) {
        var key = matchKey(query);
        return function (option) {
          if (!key) { return 1; }
          return optionKey(option).indexOf(key) === -1 ? 0 : 1;
        };
      },
      placeholder: select.dataset.placeholder || "نام دستگاه را بنویسید…",
      render: {
        no_results: function () {
          return '<div class="no-results">موردی یافت نشد</div>';
        },
        loading: function () {
          return '<div class="spinner" aria-label="در حال بارگذاری"></div>';
        },
        option_create: function () { return ""; },
      },
    };
    // data-options-url: the page wrote only the chosen option (a national reader's thousands
    // of agencies); the others are asked of the server as the person types, as
    // {results: [{value, text, search}]} with the same match keys.
    var source = select.dataset.optionsUrl;
    if (source) {
      settings.valueField = "value";
      settings.labelField = "text";
      settings.preload = "focus";
      settings.load = function (query, callback) {
        var url = source + (source.indexOf("?") === -1 ? "?" : "&") + "q=" + encodeURIComponent(query);
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) { callback(data.results || []); })
          .catch(function () { callback(); });
      };
    }
    new window.TomSelect(select, settings);
  }

  function enhanceAll(root) {
    (root || document).querySelectorAll("select[data-agency-picker]").forEach(enhance);
  }

  window.qarargahAgencyPicker = { enhanceAll: enhanceAll, matchKey: matchKey };
  document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
})();
