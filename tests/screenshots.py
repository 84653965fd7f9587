"""The README's screenshots, taken from the build the browser tests use (the sample
notebook, today 2026-11-26), in Debian's Chromium:

    python tests/screenshots.py            # writes screenshot-*.png at the repository's root
    python tests/screenshots.py OUT_DIR    # or into OUT_DIR

Look at each picture before committing it.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).parent))
from sites import ROOT, TODAY, build  # noqa: E402
from test_browser import CHROMIUM_FLAGS, _chromium, _serve  # noqa: E402

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

#: file name → (page, viewport, what to show: the whole page, or the top of it)
SHOTS = {
    "screenshot-home.png": ("", DESKTOP, True),
    "screenshot-upcoming.png": ("upcoming/", DESKTOP, True),
    "screenshot-upcoming-phone.png": ("upcoming/", PHONE, False),
    "screenshot-targets.png": ("targets/", DESKTOP, True),
    "screenshot-referrals.png": ("referrals/", DESKTOP, True),
    "screenshot-person.png": ("people/priya-raman/", DESKTOP, True),
}


def take(out: Path) -> list[Path]:
    """Build the sample site, serve it and write every screenshot into `out`."""
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        result, site = build(ROOT, site=Path(tmp) / "site")
        assert result.exit_code == 0, result.output
        serving = _serve(site)
        url = next(serving)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=_chromium(),
                                                 args=CHROMIUM_FLAGS)
            for name, (path, viewport, full) in SHOTS.items():
                page = browser.new_page(viewport=viewport, color_scheme="light")
                # the reader's clock says the day the site was built for: the page is fresh
                page.add_init_script(f"""{{ const RealDate = Date;
                    const fixed = new RealDate('{TODAY}T12:00:00').getTime();
                    window.Date = class extends RealDate {{
                        constructor(...a) {{ super(...(a.length ? a : [fixed])); }}
                        static now() {{ return fixed; }} }}; }}""")
                page.goto(url + path)
                page.wait_for_load_state("networkidle")
                page.screenshot(path=out / name, full_page=full)
                written.append(out / name)
                page.close()
            browser.close()
        next(serving, None)  # stops the server
    return written


if __name__ == "__main__":
    for path in take(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT):
        print(path)
