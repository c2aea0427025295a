"""A real SMTP server for Partage's tests: aiosmtpd on a loopback port.

Each message received is kept as a file `<n>.eml` in DIR (written whole, then renamed), with
its envelope recipients in a first `X-Test-Envelope-To:` line. A recipient is refused with the
answer written in DIR/refuse/<address> while that file exists ("451 4.3.0 Try again later",
"550 5.1.1 No such user"), so a test can make the server refuse, then accept again. The server
stops when the process PARENT is gone.
"""

import argparse
import asyncio
import itertools
import os
import pathlib

from aiosmtpd.controller import Controller


class Keep:
    def __init__(self, directory):
        self.directory = pathlib.Path(directory)
        (self.directory / "refuse").mkdir(parents=True, exist_ok=True)
        self.counter = itertools.count(1)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        refusal = self.directory / "refuse" / address.lower()
        if refusal.exists():
            return refusal.read_text().strip()
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        name = f"{os.getpid()}-{next(self.counter):06d}"
        partial = self.directory / f".{name}"
        head = "X-Test-Envelope-To: " + ", ".join(envelope.rcpt_tos) + "\r\n"
        partial.write_bytes(head.encode() + envelope.original_content)
        partial.rename(self.directory / f"{name}.eml")
        return "250 2.0.0 Message accepted"


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--parent", type=int, required=True)
    args = parser.parse_args()
    controller = Controller(Keep(args.dir), hostname="127.0.0.1", port=args.port)
    controller.start()
    (pathlib.Path(args.dir) / "ready").write_text("yes")
    while True:
        await asyncio.sleep(1)
        try:
            os.kill(args.parent, 0)
        except OSError:
            controller.stop()
            return


if __name__ == "__main__":
    asyncio.run(main())
