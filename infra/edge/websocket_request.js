// CloudFront Function (cloudfront-js-2.0), viewer request on /ws. A WebSocket API answers only at its
// stage's own path ("/api"); anything after the stage is refused with 403. CloudFront would send the
// viewer's "/ws" after the origin path, so the origin has no path and the URI becomes the stage.
function handler(event) {
  var request = event.request;
  request.uri = '/api';
  return request;
}
