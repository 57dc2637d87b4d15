# The fixtures (browser, page, nojs_page, site) are a suite-wide plugin, tests/browser_support.py,
# so that every test module shares one Chromium per worker. Import helpers, never fixtures:
#     from tests.browser_support import axe_violations
