#!/usr/bin/env python3
"""Drives `glyphlab annotate`'s page in headless Chromium over the DevTools protocol, as a
person would: reads the query the page shows, answers with keys (typing, Enter to accept,
digits for the model's candidates, arrows and Space to mark grid members, Ctrl+Z once to
undo), until the run finishes. The answers come from a JSON file of each glyph's true class
name. Prints a JSON summary. Standard library only (a minimal WebSocket client).

Usage: annotate_browser.py CHROMIUM URL TRUTH.json [--timeout 120]
"""
import base64, json, os, shutil, socket, struct, subprocess, sys, tempfile, time, urllib.request


class DevTools:
    """A WebSocket connection to one DevTools target."""

    def __init__(self, url, timeout):
        rest = url.split("://", 1)[1]
        hostport, path = rest.split("/", 1)
        host, port = hostport.split(":")
        # A reply can wait for the server under test (Page.navigate waits for the page itself),
        # so a read may take as long as the whole run may: under ThreadSanitizer, with the rest of
        # the suite in the same process, Page.navigate had no reply within 30 s.
        self.sock = socket.create_connection((host, int(port)), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET /{path} HTTP/1.1\r\nHost: {hostport}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                           "Sec-WebSocket-Version: 13\r\n\r\n").encode())
        response = b""
        while b"\r\n\r\n" not in response:
            response += self.sock.recv(4096)
        if b" 101 " not in response.split(b"\r\n", 1)[0]:
            raise RuntimeError(f"DevTools refused the WebSocket: {response[:200]!r}")
        self.buffer = response.split(b"\r\n\r\n", 1)[1]
        self.next_id = 0

    def _read(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise RuntimeError("DevTools closed the connection")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def _frame(self):
        head = self._read(2)
        length = head[1] & 0x7F
        if length == 126:
            length = struct.unpack(">H", self._read(2))[0]
        elif length == 127:
            length = struct.unpack(">Q", self._read(8))[0]
        return head[0] & 0x0F, self._read(length)

    def send(self, method, **params):
        self.next_id += 1
        payload = json.dumps({"id": self.next_id, "method": method, "params": params}).encode()
        mask = os.urandom(4)
        header = bytes([0x81])
        if len(payload) < 126:
            header += bytes([0x80 | len(payload)])
        elif len(payload) < 65536:
            header += bytes([0x80 | 126]) + struct.pack(">H", len(payload))
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", len(payload))
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))
        while True:
            opcode, data = self._frame()
            if opcode != 1:
                continue
            message = json.loads(data)
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def key(self, key, code=None, keycode=0, text=None, modifiers=0):
        down = {"type": "keyDown", "key": key, "code": code or key, "windowsVirtualKeyCode": keycode,
                "modifiers": modifiers}
        if text is not None:
            down["text"] = text
        self.send("Input.dispatchKeyEvent", **down)
        self.send("Input.dispatchKeyEvent", type="keyUp", key=key, code=code or key, windowsVirtualKeyCode=keycode,
                  modifiers=modifiers)

    def type_text(self, text):
        for c in text:
            self.key(c, code="Key" + c.upper() if c.isalpha() else None, keycode=ord(c.upper()), text=c)


ENTER = dict(key="Enter", code="Enter", keycode=13, text="\r")
SPACE = dict(key=" ", code="Space", keycode=32, text=" ")
RIGHT = dict(key="ArrowRight", code="ArrowRight", keycode=39)


def main():
    chromium, url, truth_path = sys.argv[1:4]
    timeout = float(sys.argv[sys.argv.index("--timeout") + 1]) if "--timeout" in sys.argv else 120
    truth = {int(k): v for k, v in json.load(open(truth_path)).items()}
    profile = tempfile.mkdtemp(prefix="annotate-chromium-")
    browser = subprocess.Popen([chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                "--remote-debugging-port=0", f"--user-data-dir={profile}", "about:blank"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        active = os.path.join(profile, "DevToolsActivePort")
        deadline = time.time() + 30
        while not (os.path.exists(active) and len(open(active).read().split()) >= 2):
            if time.time() > deadline:
                raise RuntimeError("chromium did not open its DevTools port")
            time.sleep(0.1)
        port = open(active).read().split()[0]
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
        page = next(t for t in targets if t["type"] == "page")
        tools = DevTools(page["webSocketDebuggerUrl"], timeout)
        tools.send("Page.enable")
        tools.send("Page.navigate", url=url)
        summary = {"answers": 0, "keys": {"typed": 0, "enter": 0, "digit": 0, "space": 0}, "undone": 0,
                   "kinds": {}}
        last = None
        undone = False
        deadline = time.time() + timeout
        while time.time() < deadline:
            # The state and the message in one evaluation: read one after the other, the page could
            # render the run's end in between, and its final message would pass for a refusal (and
            # be cleared) because the state read before it had not ended yet.
            # Before the page has loaded there is neither.
            snapshot = tools.evaluate(
                "JSON.stringify({state: typeof state === 'undefined' || state === null ? null : state, "
                "message: (document.getElementById('message') || {textContent: ''}).textContent})")
            snapshot = json.loads(snapshot) if snapshot else {"state": None, "message": ""}
            state = snapshot["state"]
            if state and state["phase"] in ("finished", "stopped"):
                summary["phase"] = state["phase"]
                summary["state_message"] = state["message"]
                time.sleep(0.1)
                summary["message"] = tools.evaluate("document.getElementById('message').textContent")
                summary["progress"] = tools.evaluate("document.getElementById('progress').textContent")
                print(json.dumps(summary))
                return 0 if state["phase"] == "finished" else 1
            query = state and state.get("query")
            if not query or query["id"] == last:
                message = snapshot["message"]
                if message:
                    # The page refused the answer: say so, and answer the query again.
                    print(f"the page said: {message}", file=sys.stderr)
                    summary.setdefault("refused", []).append(message)
                    # Cleared unless the run ended meanwhile (its final message stays).
                    tools.evaluate("(() => { if (!(state && (state.phase === 'finished' || state.phase === "
                                   "'stopped'))) document.getElementById('message').textContent = '' })()")
                    last = None
                    if len(summary["refused"]) > 3:
                        break
                time.sleep(0.02)
                continue
            # Wait until the page has drawn this query (its glyphs are in the DOM).
            shown = tools.evaluate("[...document.querySelectorAll('#glyphs figure')].map(f => +f.dataset.glyph)")
            if shown != query["glyphs"]:
                time.sleep(0.02)
                continue
            last = query["id"]
            summary["kinds"][query["kind"]] = summary["kinds"].get(query["kind"], 0) + 1
            if state.get("pages"):
                # The glyph on its page: wait (at most 2 s) until the page image has loaded.
                wanted = f"/page/{query['glyphs'][0]}.png"
                probe = ("(() => { const f = document.getElementById('page-view'), i = document.getElementById("
                         "'page-image'); return !f.hidden && i.complete && i.naturalWidth > 0 ? "
                         "i.getAttribute('src') + ' ' + i.naturalWidth : null })()")
                until = time.time() + 2
                loaded = tools.evaluate(probe)
                while (not loaded or loaded.split()[0] != wanted) and time.time() < until:
                    time.sleep(0.02)
                    loaded = tools.evaluate(probe)
                if loaded and loaded.split()[0] == wanted:
                    summary["page_images"] = summary.get("page_images", 0) + 1
            if summary["answers"] == 2 and not undone:
                # Undo the last answer once, from the keyboard; the page shows it again.
                undone = True
                summary["undone"] += 1
                tools.key("z", code="KeyZ", keycode=90, modifiers=2)
                continue
            label = truth[query["glyphs"][0]]
            candidates = [c["name"] for c in query["candidates"]]
            suggestion = query["suggestion"]["name"] if query.get("suggestion") else None
            if query["kind"] == "grid":
                votes = {}
                for g in query["glyphs"]:
                    votes[truth[g]] = votes.get(truth[g], 0) + 1
                label = max(sorted(votes), key=lambda k: votes[k])
                for i, g in enumerate(query["glyphs"]):
                    if i > 0:
                        tools.key(**RIGHT)
                    if truth[g] != label:
                        tools.key(**SPACE)
                        summary["keys"]["space"] += 1
            if query["kind"] != "type" and suggestion == label:
                tools.key(**ENTER)
                summary["keys"]["enter"] += 1
            elif label in candidates and query["kind"] != "type":
                digit = str(candidates.index(label) + 1)
                tools.key(digit, code="Digit" + digit, keycode=ord(digit), text=digit)
                summary["keys"]["digit"] += 1
            else:
                tools.type_text(label)
                tools.key(**ENTER)
                summary["keys"]["typed"] += 1
                summary["keys"]["enter"] += 1
            summary["answers"] += 1
        print(json.dumps(summary))
        print("timed out before the run finished", file=sys.stderr)
        return 2
    finally:
        browser.terminate()
        try:
            browser.wait(timeout=10)
        except subprocess.TimeoutExpired:
            browser.kill()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
