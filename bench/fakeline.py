"""A fake LINE Messaging API that answers every call at once (for benchmarks).

asyncio, keep-alive, no schema checks: 200 with one sent message. It is never the
bottleneck, unlike the emulator, which validates and records every call. With --report it
also behaves as LINE does with reply tokens (each works once; a second use is a 400) and
writes one line per reply or push to stdout, `<unix time> reply|push <token or user>
<status>`, so a benchmark in another process sees every answer when it arrives. With
--delay-ms each call is answered that much later (LINE's real round trip), without holding
up other calls.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time

BODY = b'{"sentMessages":[{"id":"1","quoteToken":"q"}]}'
BAD_TOKEN = b'{"message":"Invalid reply token"}'


def _response(status: bytes, body: bytes) -> bytes:
    """A whole HTTP/1.1 response."""
    return (b"HTTP/1.1 " + status + b"\r\nContent-Type: application/json\r\n"
            b"Content-Length: %d\r\nx-line-request-id: fake\r\n\r\n%s" % (len(body), body))


RESPONSE = _response(b"200 OK", BODY)
REFUSED = _response(b"400 Bad Request", BAD_TOKEN)


class Fake:
    """What one fake LINE remembers: reply tokens used, and whether to report calls."""

    def __init__(self, report: bool, delay: float) -> None:
        self.report, self.delay = report, delay
        self.used: set[str] = set()

    def answer(self, head: bytes, body: bytes) -> bytes:
        """The response to one request (and its report line)."""
        if not self.report:
            return RESPONSE
        path = head.split(b" ", 2)[1]
        if path == b"/v2/bot/message/reply":
            token = str(json.loads(body).get("replyToken", ""))
            ok = token not in self.used
            self.used.add(token)
            sys.stdout.write(f"{time.time():.6f} reply {token} {200 if ok else 400}\n")
            return RESPONSE if ok else REFUSED
        if path == b"/v2/bot/message/push":
            sys.stdout.write(f"{time.time():.6f} push {json.loads(body).get('to', '')} 200\n")
        return RESPONSE

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Answer each request on a connection until the client closes it."""
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                body = await reader.readexactly(length) if length else b""
                if self.delay:
                    await asyncio.sleep(self.delay)
                writer.write(self.answer(head, body))
                if self.report:
                    sys.stdout.flush()
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()


async def main(port: int, report: bool, delay: float) -> None:
    """Serve on 127.0.0.1:port forever."""
    fake = Fake(report, delay)
    server = await asyncio.start_server(fake.serve, "127.0.0.1", port, backlog=1024)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("port", type=int)
    parser.add_argument("--report", action="store_true")
    parser.add_argument("--delay-ms", type=float, default=0.0)
    args = parser.parse_args()
    asyncio.run(main(args.port, args.report, args.delay_ms / 1000))
