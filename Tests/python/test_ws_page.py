"""The page at circles-ws' GET / in a real browser: Debian's headless chromium, driven through
the DevTools protocol (--remote-debugging-port) with the `websockets` client, against the built
circles-ws, a real circles-worker and a private redis-server. Screenshots at 375 and 1,440 px go
to $CIRCLES_SCREENSHOTS (default: a pytest temp folder) and are never committed."""
import asyncio
import base64
import json
import os
import pathlib
import shutil
import subprocess
import time
import urllib.request

import pytest
import websockets

import test_ws_server as processes
from conftest import bin_dir

WIDTHS = {375: (812, True), 1440: (900, False)}


# ---------------------------------------------------------------- chromium


class Chromium:
    """A headless chromium with a DevTools port, in its own profile folder."""

    def __init__(self, folder):
        executable = shutil.which("chromium")
        assert executable, "chromium is missing: bin/setup --test installs it (apt-get install chromium)"
        profile = folder / "profile"
        self.process = subprocess.Popen(
            [executable, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
             "--remote-debugging-port=0", f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = profile / "DevToolsActivePort"
        processes.wait_until(lambda: port_file.exists() and port_file.read_text().strip(), 60, "chromium's DevTools port")
        self.port = int(port_file.read_text().splitlines()[0])

    def page_socket(self):
        """The DevTools WebSocket URL of the browser's page."""
        def page():
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json/list", timeout=5) as response:
                return next((target for target in json.load(response) if target["type"] == "page"), None)
        processes.wait_until(page, 30, "chromium's page target")
        return page()["webSocketDebuggerUrl"]

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class DevTools:
    """Commands to one page over the DevTools protocol."""

    def __init__(self, socket):
        self.socket = socket
        self.last_id = 0

    async def send(self, method, **params):
        self.last_id += 1
        await self.socket.send(json.dumps({"id": self.last_id, "method": method, "params": params}))
        while True:
            message = json.loads(await self.socket.recv())
            if message.get("id") == self.last_id:
                assert "error" not in message, f"{method}: {message['error']}"
                return message["result"]

    async def evaluate(self, expression):
        result = await self.send("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        assert "exceptionDetails" not in result, f"{expression}: {result['exceptionDetails']}"
        return result["result"].get("value")

    async def wait_for(self, expression, timeout, what):
        deadline = time.monotonic() + timeout
        while not await self.evaluate(expression):
            assert time.monotonic() < deadline, f"{what} did not happen within {timeout} s"
            await asyncio.sleep(0.1)

    async def resize(self, width):
        height, mobile = WIDTHS[width]
        await self.send("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=mobile)
        await self.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


# ---------------------------------------------------------------- page helpers


def card(circle):
    return f'document.querySelector(\'[data-pk="{circle}"]\')'


def in_card(circle, selector):
    return f'{card(circle)}.querySelector(\'{selector}\')'


async def run_in_console(page, circle, script):
    """Types `script` into the circle's console, presses Run and returns the output's text and class."""
    await page.evaluate(f'{in_card(circle, "details.console")}.open = true')
    await page.evaluate(f'{in_card(circle, ".script")}.value = {json.dumps(script)}')
    await page.evaluate(f'{in_card(circle, ".run")}.click()')
    output = in_card(circle, ".output")
    await page.wait_for(f'!["", "running…"].includes({output}.textContent)', 30, f"the output of {script!r}")
    return await page.evaluate(f'[{output}.textContent, {output}.className, {in_card(circle, ".duration")}.textContent]')


OVERFLOW = """(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return null;
    return [...document.querySelectorAll('body *')].filter(el => el.getBoundingClientRect().right > width + 0.5)
        .slice(0, 5).map(el => el.tagName + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().right));
})()"""


async def screenshot(page, path):
    shot = await page.send("Page.captureScreenshot", format="png", captureBeyondViewport=True)
    path.write_bytes(base64.b64decode(shot["data"]))
    print(f"screenshot {path}")


async def check_layout_and_screenshot(page, folder, name):
    """At each width: no horizontal overflow (naming what sticks out), and a full-page screenshot;
    then the dark scheme when the system prefers it."""
    for width in WIDTHS:
        await page.resize(width)
        overflow = await page.evaluate(OVERFLOW)
        assert overflow is None, f"horizontal overflow at {width} px: {overflow}"
        await screenshot(page, folder / f"{name}-{width}.png")
    # The check itself sees overflow when there is some.
    await page.evaluate("document.body.insertAdjacentHTML('beforeend', '<div id=wide style=width:2000px>x</div>')")
    assert await page.evaluate(OVERFLOW), "the overflow check did not see a 2,000 px wide element"
    await page.evaluate("document.getElementById('wide').remove()")

    background = "getComputedStyle(document.body).backgroundColor"
    light = await page.evaluate(background)
    await page.send("Emulation.setEmulatedMedia", features=[{"name": "prefers-color-scheme", "value": "dark"}])
    dark = await page.evaluate(background)
    assert light != dark and sum(map(int, dark[4:-1].split(","))) < sum(map(int, light[4:-1].split(","))), (light, dark)
    await screenshot(page, folder / f"{name}-dark-{width}.png")
    await page.send("Emulation.setEmulatedMedia", features=[{"name": "prefers-color-scheme", "value": "light"}])


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def circles(redis_server, tmp_path_factory):
    """Two named circles (a state file), the first with a worker, the second without."""
    folder = tmp_path_factory.mktemp("circles")
    keys = [processes.new_key()[1], processes.new_key()[1]]
    worker = processes.start_worker(redis_server.url, keys[0], folder)
    state = folder / "state.json"
    processes.write_state(state, keys)
    yield keys, state
    worker.terminate()
    worker.wait(15)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chromium = Chromium(tmp_path_factory.mktemp("chromium"))
    yield chromium
    chromium.stop()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory):
    folder = os.environ.get("CIRCLES_SCREENSHOTS")
    if folder:
        pathlib.Path(folder).mkdir(parents=True, exist_ok=True)
        return pathlib.Path(folder)
    return tmp_path_factory.mktemp("screenshots")


def open_page(browser, server, scenario):
    async def drive():
        async with websockets.connect(browser.page_socket(), max_size=None) as socket:
            page = DevTools(socket)
            await page.send("Page.enable")
            await page.resize(1440)
            await page.send("Page.navigate", url=server.http + "/")
            await page.wait_for('document.body && document.body.dataset.loaded === "true"', 30, "the page's first data")
            return await scenario(page)

    return asyncio.run(asyncio.wait_for(drive(), 180))


# ---------------------------------------------------------------- tests


def test_page_shows_every_circle_and_its_console_runs_a_script(redis_server, circles, browser, screenshots):
    keys, state = circles
    server = processes.Server(redis_server.url, [], "--state", str(state))

    async def scenario(page):
        alive, down = keys
        await page.wait_for(f'{in_card(alive, "[data-f=state]")}.textContent === "alive"', 30, "the first circle shown alive")
        shown = await page.evaluate(f"""[{in_card(alive, '[data-f=name]')}.textContent, {in_card(down, '[data-f=name]')}.textContent,
            {in_card(down, '[data-f=state]')}.textContent, {in_card(alive, '[data-f=url]')}.textContent,
            {in_card(alive, '[data-f=workers]')}.textContent, {in_card(alive, '[data-f=heartbeat]')}.textContent]""")
        assert shown[:3] == ["circle0", "circle1", "down"]
        assert shown[3] == f"{server.url}/{alive}"
        assert shown[4] == "1 / 1" and shown[5].endswith("s ago")
        done_before = int(await page.evaluate(f'{in_card(alive, "[data-f=completed]")}.textContent'))

        output, kind, took = await run_in_console(page, alive, "40 + 2")
        assert (output, kind) == ("42", "output ok")
        assert took.split(" · ")[0].endswith("ms") or took.split(" · ")[0].endswith(" s")

        output, kind, _ = await run_in_console(page, alive, 'throw "boom"')
        assert kind == "output error" and "boom" in output

        # The live refresh picks the two tasks up (done +1, the last error shown).
        await page.wait_for(f'{in_card(alive, "[data-f=completed]")}.textContent === "{done_before + 1}"', 10, "done counted")
        await page.wait_for(f'{in_card(alive, "[data-f=last-error]")}.textContent.includes("boom")', 10, "the last error shown")
        await check_layout_and_screenshot(page, screenshots, "page")

    try:
        open_page(browser, server, scenario)
    finally:
        server.stop()


def test_with_auth_the_page_explains_signing_and_the_console_works_after(redis_server, circles, browser, screenshots):
    keys, state = circles
    server = processes.Server(redis_server.url, [], "--state", str(state), "--enable-auth")
    private, pubkey = processes.new_key()

    async def scenario(page):
        alive = keys[0]
        await page.wait_for(f'!{in_card(alive, ".auth")}.hidden', 10, "the authentication steps shown")
        output, kind, _ = await run_in_console(page, alive, "40 + 2")
        assert kind == "output error" and "Authentication required" in output

        await page.evaluate(f'{in_card(alive, ".pubkey")}.value = "{pubkey}"')
        await page.evaluate(f'{in_card(alive, ".get-nonce")}.click()')
        command = in_card(alive, "[data-f=sign-command]")
        await page.wait_for(f'{command}.textContent.includes("nonce_")', 10, "the nonce and the command to sign it")
        shown = await page.evaluate(f'{command}.textContent')
        assert shown.startswith("circles-keygen sign --key YOUR_KEY_FILE nonce_")
        nonce = shown.split()[-1]
        # What the page tells the user to run, with the real circles-keygen.
        signed = subprocess.run([str(bin_dir() / "circles-keygen"), "sign", "--key", private.to_hex()[2:], nonce],
                                capture_output=True, text=True, timeout=30)
        assert signed.returncode == 0, signed.stderr
        await page.evaluate(f'{in_card(alive, ".signature")}.value = "{signed.stdout.strip()}"')
        await page.evaluate(f'{in_card(alive, ".authenticate")}.click()')
        await page.wait_for(f'{in_card(alive, ".auth-status")}.textContent.startsWith("authenticated as")', 10, "authentication")

        output, kind, _ = await run_in_console(page, alive, "40 + 2")
        assert (output, kind) == ("42", "output ok")
        output, _, _ = await run_in_console(page, alive, "CALLER_ID")
        assert output == pubkey
        await check_layout_and_screenshot(page, screenshots, "page-auth")

    try:
        open_page(browser, server, scenario)
    finally:
        server.stop()


def test_api_circles_tells_a_failed_worker_from_a_down_one(redis_server, circles, tmp_path):
    """`failed` (the launcher gave up) comes from the state file, read afresh; `down` otherwise."""
    keys, _ = circles
    state = tmp_path / "state.json"
    processes.write_state(state, keys)
    server = processes.Server(redis_server.url, [], "--state", str(state))

    def states():
        with urllib.request.urlopen(server.http + "/api/circles", timeout=5) as response:
            return [circle["state"] for circle in json.load(response)["circles"]]

    try:
        assert states() == ["alive", "down"]
        recorded = json.loads(state.read_text())
        for circle in recorded["circles"]:
            circle["worker"]["status"] = "failed"
        state.write_text(json.dumps(recorded))
        assert states() == ["alive", "failed"], "a live worker stays alive whatever the state file says"
    finally:
        server.stop()
