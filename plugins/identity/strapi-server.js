'use strict';
// Strapi loads plugins with require() and only as JavaScript: this needs the compiled dist/ (npm run build:plugins).
const compiled = require('./dist/server');
module.exports = compiled.default ?? compiled;
