// CloudFront Function (cloudfront-js-2.0), viewer request on the open paths (the login page and the
// theme): "/login/" is stored as "login/index.html", so the file name is added.
function handler(event) {
  var request = event.request;
  if (request.uri.endsWith('/')) { request.uri += 'index.html'; }
  else if (!request.uri.split('/').pop().includes('.')) { request.uri += '/index.html'; }
  return request;
}
