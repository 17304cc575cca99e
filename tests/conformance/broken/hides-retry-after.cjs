// BROKEN ON PURPOSE (tests/conformance/conformance.test.mjs): the reference backend, but without
// Access-Control-Expose-Headers, so a phone on another origin cannot read Date, Retry-After or
// ETag. The kit must fail it.
'use strict';
module.exports = (req, res, next) => {
  const writeHead = res.writeHead;
  res.writeHead = function (...args) {
    this.removeHeader('Access-Control-Expose-Headers');
    return writeHead.apply(this, args);
  };
  next();
};
