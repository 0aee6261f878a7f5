// The hostile page's own script: it already has a global of the widget's name.
window.CfpWidget = { site: "the host page's own CfpWidget" };
