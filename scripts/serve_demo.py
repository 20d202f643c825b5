"""Serve the demo and print its logins once the server answers (`make run`).

The logins come last, after the server's own start-up lines, so they are on
screen when the page is ready to open.

    python scripts/serve_demo.py --port 8000 --logins .venv/demo-logins.txt
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import time
from pathlib import Path


def answers(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--logins", type=Path, required=True)
    args = parser.parse_args()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{args.port}"]
    )
    try:
        deadline = time.monotonic() + 120
        while not answers(args.port) and server.poll() is None:
            if time.monotonic() > deadline:
                break
            time.sleep(0.2)
        if server.poll() is None and answers(args.port):
            site = f"http://127.0.0.1:{args.port}"
            print(f"\nThe demo is ready at {site}/ (admin: {site}/admin/)")
            print(args.logins.read_text().rstrip() + "\n", flush=True)
        return server.wait()
    except KeyboardInterrupt:
        server.terminate()
        return server.wait()


if __name__ == "__main__":
    sys.exit(main())
