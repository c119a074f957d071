"""`mkdocs serve` keeps serving when the sources have problems, shows them in the
log with file:line, and picks up an editor's fix."""

from __future__ import annotations

from gitrepo import http_get, wait_for


def test_serve_keeps_serving_with_parity_errors_and_rebuilds_on_a_fix(project_copy, tmp_path):
    log_items = "        - 操作歷程,包括但不限於:操作行為、編輯內容、發布時間等\n"
    original = project_copy.read("zh-TW")
    assert log_items in original
    project_copy.write("zh-TW", "privacy", original.replace(log_items, ""))
    with project_copy.serve(tmp_path / "serve.log", wait_for_path="/zh-TW/privacy/") as server:
        output = server.output()
        assert "zh-TW/privacy.md:" in output and "[parity.structure]" in output and "ERROR" in output
        assert "Traceback" not in output
        # The editor fixes the file: the server rebuilds and the error goes away.
        project_copy.write("zh-TW", "privacy", original)
        url = server.url + "/zh-TW/privacy/"
        assert wait_for(lambda: "操作歷程" in http_get(url)[1]), server.output()
