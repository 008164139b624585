"""Save an SVG screenshot of a TUI screen, for the README.

With `make up` running (or any server and token, as for `saishang tui`):

    .venv/bin/python -m tui.screenshot --out docs/tui-tenants.svg
    .venv/bin/python -m tui.screenshot --lang en --out docs/tui-tenants-en.svg
    .venv/bin/python -m tui.screenshot --tenant shizuishan --area welfare.campaigns --out docs/tui-welfare.svg

It runs the app headless at a fixed size, waits for its workers (never a
fixed sleep), stops the cursor blinking and saves with `App.save_screenshot`.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from textual.widgets import Input

from tui.app import make_app
from tui.config import TuiConfig


async def shoot(config: TuiConfig, out: Path, size: tuple[int, int], area: str) -> Path:
    app = make_app(config, health_interval=0)
    async with app.run_test(size=size, notifications=False) as pilot:
        for _ in range(50):
            await pilot.pause()
            busy = [w for w in app.workers if not w.is_finished and w.group != "reconnect"]
            if busy:
                await app.workers.wait_for_complete(busy)
            elif app.identity is not None or app.offline:
                break
        if app.identity is None:
            raise SystemExit(f"could not sign in at {config.url}: {app.offline or 'no token?'}")
        if app.current_area != area:
            await app.open_area(area)
        for _ in range(50):  # the screen's own workers, and those they start (a chart after its figures)
            await pilot.pause()
            busy = [w for w in app.workers if not w.is_finished and w.group != "reconnect"]
            if not busy:
                break
            await app.workers.wait_for_complete(busy)
        for field in app.screen.query(Input):
            field.cursor_blink = False
        app.clear_notifications()
        await pilot.pause()
        out.parent.mkdir(parents=True, exist_ok=True)
        app.save_screenshot(filename=out.name, path=str(out.parent))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url")
    parser.add_argument("--token")
    parser.add_argument("--lang", default="zh-CN")
    parser.add_argument("--tenant", help="work inside this tenant (for its module screens)")
    parser.add_argument("--area", default="tenants", help="area to show (tenants, tokens, health, ...)")
    parser.add_argument("--out", type=Path, default=Path("docs/tui-tenants.svg"))
    parser.add_argument("--size", default="120x32", help="COLUMNSxROWS")
    args = parser.parse_args()
    columns, rows = (int(n) for n in args.size.lower().split("x"))
    config = TuiConfig.load(url=args.url, token=args.token, lang=args.lang, tenant=args.tenant)
    path = asyncio.run(shoot(config, args.out, (columns, rows), args.area))
    print(f"saved {path}")


if __name__ == "__main__":
    main()
