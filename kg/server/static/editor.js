// The query editor: YASGUI on this server's /sparql, with the named queries as examples.
// Data come from the page's JSON block; nothing is fetched from elsewhere.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-editor-data").textContent);
  // YASGUI parses the endpoint as a URL: make it absolute on this server.
  data.endpoint = new URL(data.endpoint, window.location.href).href;
  var byName = {};
  data.queries.forEach(function (q) { byName[q.name] = q; });

  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: data.endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    persistenceId: null,
    showCopyButton: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: data.endpoint }]; } },
    yasqe: { autocompleters: ["variables"] },
  });
  window.kgYasgui = yasgui;

  var banner = document.getElementById("truncated");
  function watch(tab) {
    if (!tab || typeof tab.getYasqe !== "function") { return; }
    var yasqe = tab.getYasqe();
    if (!yasqe || yasqe.__kgWatched) { return; }
    yasqe.__kgWatched = true;
    yasqe.on("query", function () { banner.hidden = true; });
    yasqe.on("queryResponse", function (_yasqe, response) {
      var headers = response && response.headers;
      var cut = headers && typeof headers.get === "function" && headers.get("X-Result-Truncated");
      if (cut) {
        banner.textContent = "Results cut at " + headers.get("X-Result-Limit") +
          " rows (the server's result limit): add a LIMIT or narrow the query.";
        banner.hidden = false;
      }
    });
  }

  function load(name) {
    var q = byName[name];
    if (!q) { return; }
    var tab = yasgui.getTab();
    tab.setQuery(q.text);
    watch(tab);
  }

  yasgui.on("tabChange", function (_y, tab) {
    watch(typeof tab === "string" ? yasgui.getTab(tab) : tab);
  });
  var select = document.getElementById("examples");
  select.addEventListener("change", function () { load(select.value); });
  if (data.initial) { load(data.initial); }
  watch(yasgui.getTab());
})();
