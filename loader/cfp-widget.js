/* cfp-widget loader (a classic script). Starts the widget's wasm from the folder this file
   is in and mounts every [data-cfp-widget] element. For single-page sites:
   CfpWidget.mount(element, config) returns { unmount(), ready }; CfpWidget.version.
   See docs/embedding.md. xtask dist rewrites the three file names for the hashed copy. */
(function (w, d) {
  var base = d.currentScript.src,
    js = "cfp-widget-app.js",
    wasm = "cfp-widget-app_bg.wasm",
    css = "cfp-widget.css",
    started;
  function url(file) {
    return new URL(file, base).href;
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
          return m;
        });
      });
    }
    return started;
  }
  function mount(element, config) {
    var widget, gone;
    var ready = start().then(function (m) {
      if (!gone) widget = m.mount(element, config, url(css));
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
