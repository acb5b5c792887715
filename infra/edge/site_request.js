// CloudFront Function (cloudfront-js-2.0), viewer request on the site's private paths.
// A browser without the signed cookies the login hands out (or with expired ones) is sent to the login
// page with ?next=, which brings it back here afterwards. (Should CloudFront check the cookies before this
// function runs, its 403 shows the login page through the distribution's one error response, still as 403.)
// "/news/x/" is stored as "news/x/index.html": the file name is added.
var COOKIES = ['CloudFront-Policy', 'CloudFront-Signature', 'CloudFront-Key-Pair-Id'];

function expired(policy) {
  try {
    var text = Buffer.from(policy.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/'), 'base64').toString();
    var until = JSON.parse(text).Statement[0].Condition.DateLessThan['AWS:EpochTime'];
    return until * 1000 <= Date.now();
  } catch (e) {
    return false; // not readable here: CloudFront checks the signature and refuses a bad one
  }
}

function handler(event) {
  var request = event.request;
  var cookies = request.cookies || {};
  var missing = COOKIES.some(function (name) { return !cookies[name] || !cookies[name].value; });
  if (missing || expired(cookies['CloudFront-Policy'].value)) {
    return {
      statusCode: 302,
      statusDescription: 'Found',
      headers: {
        location: { value: '/login/?next=' + encodeURIComponent(request.uri) },
        'cache-control': { value: 'no-store' },
      },
    };
  }
  return withIndex(request);
}

function withIndex(request) {
  if (request.uri.endsWith('/')) { request.uri += 'index.html'; }
  else if (!request.uri.split('/').pop().includes('.')) { request.uri += '/index.html'; }
  return request;
}
