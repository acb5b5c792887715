"""API Gateway's part: turn an HTTP request into a Lambda event for the Chalice app."""

import base64

from chalice.config import Config
from chalice.local import LocalGateway, LocalGatewayException

NOT_FOUND = b'{"error":{"code":"not_found","message":"No such API route."}}'


class Gateway:
    def __init__(self, app):
        self._gateway = LocalGateway(app, Config(chalice_stage="dev", config_from_disk={}))

    def handle(self, method: str, path: str, headers: dict, body: bytes) -> tuple[int, list[tuple[str, str]], bytes]:
        """Run one request through the app; return (status, header pairs, body)."""
        try:
            response = self._gateway.handle_request(method=method, path=path, headers=headers, body=body or None)
        except LocalGatewayException:
            # API Gateway says 403 "Missing Authentication Token" for unknown
            # routes; infra maps that gateway response to this 404 envelope.
            return 404, [("Content-Type", "application/json")], NOT_FOUND
        pairs = [(name, value) for name, value in (response.get("headers") or {}).items()]
        for name, values in (response.get("multiValueHeaders") or {}).items():
            pairs.extend((name, value) for value in values)
        raw = response.get("body") or b""
        if response.get("isBase64Encoded"):
            raw = base64.b64decode(raw)
        elif isinstance(raw, str):
            raw = raw.encode("utf-8")
        return response["statusCode"], pairs, raw
