#!/usr/bin/env python3
"""Drive a command in a real pseudo-terminal, like a person at a keyboard (test/wizard-e2e.test.ts).

Python's pty module is on every machine these tests run on, unlike tmux (often missing on CI) or
node-pty (a native module to build). The script is JSON on stdin:

  {
    "argv": ["node", "dist/cli.cjs", "--out", "DIR"],
    "cwd": "...", "env": {"NO_COLOR": "1"},          # added to the inherited environment; null removes one
    "cols": 120, "rows": 40,                          # terminal size the program sees
    "timeout": 8,                                     # seconds for each wait, and for the exit
    "steps": [
      {"expect": "KServe version"},                   # wait until this regex appears in the output
      {"send": "\\r"},                                 # then type these bytes (\\r Enter, \\x1b[B down, \\x03 Ctrl+C)
      {"expect": "Namespace", "send": "\\r"}          # both in one step
    ]
  }

Each "expect" searches the output (ANSI escape sequences removed) after the end of the previous
match, so a prompt that is re-rendered on every keystroke does not satisfy the next wait.
The report is JSON on stdout: {"code": exit code or null, "signal": number or null, "error": null or
what timed out, "transcript": the output with escape sequences removed, "raw": the output as sent}.
"""
import json
import os
import pty
import re
import select
import signal
import struct
import sys
import time

try:
    import fcntl
    import termios
except ImportError:  # not a POSIX system: the caller skips the test
    fcntl = termios = None

# CSI (ESC [ ... final byte), OSC (ESC ] ... BEL or ESC \), and two-byte ESC sequences.
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")


def strip(text):
    return ANSI.sub("", text).replace("\r", "")


def main():
    script = json.load(sys.stdin)
    timeout = float(script.get("timeout", 8))
    env = dict(os.environ)
    for key, value in script.get("env", {}).items():
        if value is None:  # null removes an inherited variable
            env.pop(key, None)
        else:
            env[key] = value
    env.setdefault("TERM", "xterm-256color")

    pid, fd = pty.fork()
    if pid == 0:  # child: the pty is its controlling terminal and stdin/stdout/stderr
        try:
            if script.get("cwd"):
                os.chdir(script["cwd"])
            os.execvpe(script["argv"][0], script["argv"], env)
        finally:
            os._exit(127)

    if fcntl is not None:
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", script.get("rows", 40), script.get("cols", 120), 0, 0))

    raw = bytearray()
    state = {"exited": None}

    def pump(wait):
        """Read what the program wrote within `wait` seconds; False once the terminal is closed."""
        ready, _, _ = select.select([fd], [], [], wait)
        if not ready:
            return True
        try:
            data = os.read(fd, 65536)
        except OSError:  # EIO: the program exited and the terminal closed
            return False
        if not data:
            return False
        raw.extend(data)
        return True

    def text():
        return strip(raw.decode("utf-8", errors="replace"))

    error = None
    pos = 0
    open_ = True
    for step in script.get("steps", []):
        if "expect" in step:
            pattern = re.compile(step["expect"])
            deadline = time.monotonic() + timeout
            while True:
                m = pattern.search(text(), pos)
                if m:
                    pos = m.end()
                    break
                if not open_ or time.monotonic() > deadline:
                    error = "timed out waiting for /%s/" % step["expect"] if open_ else "exited before /%s/ appeared" % step["expect"]
                    break
                open_ = pump(0.05)
            if error:
                break
            # Let the prompt finish drawing and start listening before typing into it.
            settle = time.monotonic() + float(step.get("settle", 0.03))
            while open_ and time.monotonic() < settle:
                open_ = pump(0.01)
        if "send" in step:
            os.write(fd, step["send"].encode("utf-8"))

    # Wait for the exit, reading the rest of the output (the program blocks if nobody reads).
    code = sig = None
    deadline = time.monotonic() + (0 if error else timeout)
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            while open_:
                open_ = pump(0.05)
            code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
            sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            while open_:
                open_ = pump(0.05)
            error = error or "timed out waiting for the program to exit"
            break
        if open_:
            open_ = pump(0.05)
        else:
            time.sleep(0.01)

    decoded = raw.decode("utf-8", errors="replace")
    json.dump({"code": code, "signal": sig, "error": error, "transcript": strip(decoded), "raw": decoded}, sys.stdout)


if __name__ == "__main__":
    main()
