// diff_match_patch.js (npm) ends with CommonJS exports; give it a `module` to write to.
var module = window.module || { exports: {} };
