/* cfp-widget loader (a classic script). Starts the widget's wasm from the folder this file
   is in and mounts every [data-cfp-widget] element. For single-page sites:
   CfpWidget.mount(element, config) returns { unmount(), ready }; CfpWidget.version.
   English is built into the wasm; a page in Spanish or German also gets its catalogue,
   fetched with the wasm. See docs/embedding.md. xtask dist rewrites the file names (each
   quoted once) for the hashed copy. */
(function (w, d) {
  var base = d.currentScript.src,
    js = "cfp-widget-app.js",
    wasm = "cfp-widget-app_bg.wasm",
    css = "cfp-widget.css",
    files = { es: "cfp-widget-es.txt", de: "cfp-widget-de.txt" },
    texts = {},
    started;
  function url(file) {
    return new URL(file, base).href;
  }
  // A language's compiled catalogue, fetched once: its text, or a rejection saying why not.
  function load(lang) {
    var file = url(files[lang]);
    return texts[lang] || (texts[lang] = fetch(file).then(function (r) {
      if (!r.ok) throw new Error(file + " answered " + r.status);
      return r.text();
    }));
  }
  // The language a widget will speak, as far as the page tells (the wasm decides): the
  // config's locale, else the closest lang, else the document's.
  function language(element, config) {
    var tag, el;
    try {
      if (config == null) config = d.querySelector(element.dataset.config).textContent;
      tag = (typeof config == "string" ? JSON.parse(config) : config).locale;
    } catch (e) {}
    el = element.closest("[lang]");
    return String(tag || (el ? el.lang : "")).split(/[-_]/)[0].toLowerCase();
  }
  // The bindings, the wasm and the stylesheet are fetched at once, not one after another.
  function start() {
    if (!started) {
      var link = d.createElement("link");
      link.rel = "preload";
      link.as = "style";
      link.href = url(css);
      d.head.appendChild(link);
      var bytes = fetch(url(wasm));
      started = import(url(js)).then(function (m) {
        return m.default({ module_or_path: bytes }).then(function () {
          m.catalogues(load);
          return m;
        });
      });
    }
    return started;
  }
  function mount(element, config) {
    var widget, gone, lang = language(element, config);
    // Fetched with the wasm and given to it first, so the form appears in its language.
    var text = files[lang] && load(lang).catch(function () {});
    var ready = Promise.all([start(), text]).then(function (r) {
      if (r[1]) r[0].catalogue(lang, r[1]);
      if (!gone) widget = r[0].mount(element, config, url(css));
    }, function (error) {
      console.error("cfp-widget: could not start", error);
      element.textContent = "The form could not be loaded. Please reload the page.";
      throw error;
    });
    ready.catch(function () {});
    return {
      ready: ready,
      unmount: function () {
        gone = 1;
        if (widget) widget.unmount();
        widget = null;
      },
    };
  }
  // A page with a window.CfpWidget of its own keeps it: the data attributes work without.
  if (w.CfpWidget) console.warn("cfp-widget: window.CfpWidget is taken: no CfpWidget.mount");
  else w.CfpWidget = { mount: mount, version: "0.1.0" };
  function mountAll() {
    d.querySelectorAll("[data-cfp-widget]").forEach(function (element) {
      if (!element.cfpWidget) element.cfpWidget = mount(element);
    });
  }
  if (d.readyState == "loading") d.addEventListener("DOMContentLoaded", mountAll);
  else mountAll();
})(window, document);
