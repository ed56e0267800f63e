"""The Content-Security-Policy (csp.py): hashes of what the theme wrote, never of content."""

from kbsite import csp, pages


def test_hashes_only_the_theme_scripts():
    content = "<p>x</p><script>alert(1)</script>"
    page = (f"<html><head><script>var theme=1</script></head><body>{content}"
            '<script type="application/json" id="__config">{}</script>'
            '<script src="a.js"></script></body></html>')
    assert csp.theme_hashes(page, content) == {csp.digest("var theme=1")}
    assert csp.theme_hashes(page) == {csp.digest("var theme=1"), csp.digest("alert(1)")}


def test_policy_and_its_place():
    policy = csp.policy({csp.digest("x")})
    assert policy.startswith("script-src 'self' 'sha256-")
    assert "'unsafe-inline'" not in policy
    assert "object-src 'none'" in policy and "base-uri 'none'" in policy
    html = csp.insert("<html><head><script>x</script></head></html>", policy)
    assert html.startswith(f'<html><head><meta http-equiv="Content-Security-Policy" '
                           f'content="{policy}"><script>')


def test_json_html_survives_every_context():
    data = {"t": "a\t&#x09;&quot;</script>\u2028<!--'\x00"}
    text = pages.json_html(data)
    assert all(c not in text for c in "&<>'\t\u2028\x00")
    import json
    assert json.loads(text) == data


def test_content_is_left_out_wherever_it_is_and_never_joins_theme_text():
    content = "<p>" + "long content " * 20 + "</p><script>alert(1)</script>"
    # content twice, and a prefix of it in the theme that is not the content
    page = (f"<html><head><script>var a=1</script>{content[:70]}</head><body>{content}"
            f"<script>var b=2</script>{content}</body></html>")
    assert csp.theme_hashes(page, content) == {csp.digest("var a=1"), csp.digest("var b=2")}
    # a script the theme opened before the content and closed after it is not one of the
    # theme's: the text between is not the theme's
    split = f"<html><head></head><body><script>var c={content}1</script></body></html>"
    assert csp.theme_hashes(split, content) == set()


def test_scripts_are_found_in_any_case_and_unclosed_ones_are_not():
    page = ('<html><head><SCRIPT>x()</SCRIPT ><script type="module">y()</script>'
            '<script type="text/plain">z()</script><script>never closed</head></html>')
    assert csp.inline_scripts(page) == ["x()", "y()"]


def test_content_whose_start_recurs_in_the_page_is_still_found():
    # the start of the content recurs all over the page: the short probe misses again and
    # again, and the search falls back to finding the whole content
    content = "a" * 50_000 + "<script>alert(1)</script>"
    page = (f"<html><head><script>var t=1</script></head><body>{'a' * 200_000}{content}"
            "</body></html>")
    assert csp.theme_hashes(page, content) == {csp.digest("var t=1")}


def test_head_hashes_stop_at_the_body_whatever_comes_before_it():
    # "İ" lower-cases to two characters: a position found in html.lower() would be 40 late,
    # past the body's first script
    page = (f"<html><head><title>{'İ' * 40}</title><script>var h=1</script></head>"
            "<BODY><script>alert(1)</script></body></html>")
    assert csp.head_hashes(page) == {csp.digest("var h=1")}
    assert csp.head_hashes("<html><head><script>x</script></head></html>") == set()
