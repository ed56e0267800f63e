"""Make the vendored iframe-worker shim work under the site's Content-Security-Policy.

The shim starts each worker in a hidden iframe whose document it writes with an inline
<script> that holds the worker's URL, so no build-time hash can allow it. This patch moves
that script into boot.js (a file of ours beside the shim, allowed by script-src 'self') and
passes the URL as a data attribute. Run by `make vendor-iframe-worker`; idempotent.
"""

import sys
from pathlib import Path

INLINE = ('<script>postMessage=${c};importScripts=${d};addEventListener("error",({error})=>'
          '{parent.dispatchEvent(new ErrorEvent("error",{filename:"${e}",error}))})<\\/script>')
BOOT = '<script src="${B}" data-url="${e}"><\\/script>'
PREFIX = '"use strict";(()=>{'
BASE = 'var B=new URL("boot.js",document.currentScript.src).href;'

path = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).with_name("shim.js"))
text = path.read_text(encoding="utf-8")
if BASE not in text:
    if INLINE not in text or not text.startswith(PREFIX):
        sys.exit(f"{path}: the shim changed; update csp-patch.py")
    text = PREFIX + BASE + text[len(PREFIX):].replace(INLINE, BOOT)
    path.write_text(text, encoding="utf-8")
