"""API Gateway's WebSocket API, locally: /ws on the same port, the same events to the same handlers.

Like API Gateway: the handshake runs `$connect` (a non-2xx answer refuses
it), every text frame runs `$default`, a closed socket runs `$disconnect`;
a message over 128 KB or a frame over 32 KB closes the socket with 1009; ten
idle minutes close it with 1001. The handlers push through a local stand-in
for the management API that raises GoneException for a closed socket.
"""

import asyncio
import base64
import os
import time

from aiohttp import WSMsgType, web
from botocore.exceptions import ClientError

MAX_MESSAGE = 128 * 1024
MAX_FRAME = 32 * 1024
IDLE_SECONDS = 600
_pending: set = set()  # sends in flight (kept referenced until done)


def _gone(operation: str) -> ClientError:
    return ClientError({"Error": {"Code": "GoneException", "Message": "The connection is gone."}}, operation)


class LocalManagement:
    """post_to_connection / delete_connection, as `apigatewaymanagementapi` offers them."""

    def __init__(self, loop: asyncio.AbstractEventLoop):
        self.loop = loop
        self.sockets: dict[str, web.WebSocketResponse] = {}

    def post_to_connection(self, ConnectionId: str, Data: bytes) -> dict:
        socket = self.sockets.get(ConnectionId)
        if socket is None or socket.closed:
            raise _gone("PostToConnection")
        text = Data.decode("utf-8") if isinstance(Data, bytes) else Data
        # Queued on the event loop without waiting, as API Gateway accepts a post
        # and delivers it on its own; a closed socket is Gone right away.
        self.loop.call_soon_threadsafe(self._send, socket, text)
        return {}

    @staticmethod
    def _send(socket: web.WebSocketResponse, text: str) -> None:
        if not socket.closed:
            _pending.add(task := asyncio.ensure_future(socket.send_str(text)))
            task.add_done_callback(_delivered)

    def delete_connection(self, ConnectionId: str) -> dict:
        socket = self.sockets.get(ConnectionId)
        if socket is None or socket.closed:
            raise _gone("DeleteConnection")
        asyncio.run_coroutine_threadsafe(socket.close(code=1000, message=b"closed by server"), self.loop)
        return {}


def _delivered(task: asyncio.Task) -> None:
    """A socket that closed while a post was queued lost it, as on API Gateway: nothing to report."""
    _pending.discard(task)
    if not task.cancelled():
        task.exception()  # retrieved, so asyncio logs no "exception was never retrieved"


class Context:
    function_name = "torget-websocket"
    memory_limit_in_mb = 256

    def __init__(self):
        self.aws_request_id = base64.b64encode(os.urandom(9)).decode()

    def get_remaining_time_in_millis(self) -> int:
        return 30_000


class WebsocketGateway:
    def __init__(self, handlers: dict, management: LocalManagement, run, domain: str):
        self.handlers = handlers  # route key → the Chalice handler
        self.management = management
        self.run = run  # runs a handler off the event loop
        self.domain = domain

    def event(self, route: str, kind: str, connection_id: str, headers: dict | None = None,
              body: str | None = None, binary: bool = False) -> dict:
        event = {
            "requestContext": {
                "routeKey": route, "eventType": kind, "connectionId": connection_id, "domainName": self.domain,
                "stage": "local", "apiId": "local", "requestTimeEpoch": int(time.time() * 1000),
                "messageId": base64.b64encode(os.urandom(9)).decode(),
            },
            "isBase64Encoded": binary,
        }
        if headers is not None:
            event["headers"] = headers
            event["multiValueHeaders"] = {name: [value] for name, value in headers.items()}
        if body is not None:
            event["body"] = body
        return event

    async def call(self, route: str, event: dict) -> dict:
        return await self.run(self.handlers[route], event, Context()) or {}

    async def drop_all(self, request: web.Request) -> web.Response:
        """A network blip for every open page (what a deploy or a laptop's sleep does)."""
        sockets = list(self.management.sockets.values())
        for socket in sockets:
            await socket.close(code=1012, message=b"service restart")
        return web.json_response({"dropped": len(sockets)})

    async def handle(self, request: web.Request) -> web.StreamResponse:
        connection_id = base64.b64encode(os.urandom(12)).decode().replace("/", "_").replace("+", "-")
        headers = dict(request.headers)
        answer = await self.call("$connect", self.event("$connect", "CONNECT", connection_id, headers=headers))
        if int(answer.get("statusCode", 200)) >= 300:
            return web.Response(status=int(answer["statusCode"]), text="Forbidden")
        socket = web.WebSocketResponse(max_msg_size=MAX_MESSAGE, autoping=True)
        await socket.prepare(request)
        self.management.sockets[connection_id] = socket
        try:
            while True:
                try:
                    message = await socket.receive(timeout=IDLE_SECONDS)
                except TimeoutError:
                    await socket.close(code=1001, message=b"idle")
                    break
                if message.type == WSMsgType.TEXT:
                    if len(message.data.encode("utf-8")) > MAX_FRAME:
                        await socket.close(code=1009, message=b"frame too large")
                        break
                    await self.call("$default", self.event("$default", "MESSAGE", connection_id, body=message.data))
                elif message.type == WSMsgType.BINARY:
                    body = base64.b64encode(message.data).decode()
                    await self.call("$default", self.event("$default", "MESSAGE", connection_id, body=body, binary=True))
                else:  # close, error, or a message over the limit (aiohttp closes with 1009)
                    break
        finally:
            self.management.sockets.pop(connection_id, None)
            await self.call("$disconnect", self.event("$disconnect", "DISCONNECT", connection_id))
        return socket
