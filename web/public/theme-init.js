// Apply the saved theme before first paint (no flash of the wrong theme).
// A file, not an inline script: the server's CSP allows only script-src 'self'.
(function () {
  try {
    var t = localStorage.getItem("mpanel.theme");
    if (t !== "light" && t !== "dark") t = matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
    if (t === "dark") document.documentElement.classList.add("dark");
  } catch (e) {}
})();
