/* Material for MkDocs 9.8.2, partials/javascripts/content.html, as an external
 * script (the Content-Security-Policy allows no inline script); lines broken. */
var target=document.getElementById(location.hash.slice(1));
target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"));
