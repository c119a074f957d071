"""`mkdocs serve` keeps serving when the sources have problems, shows them in the
log with file:line, and picks up an editor's fix."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request

from gitrepo import clean_env, mkdocs_command


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except OSError:
        return 0, ""


def _wait_for(predicate, seconds: float = 90) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


def test_serve_keeps_serving_with_parity_errors_and_rebuilds_on_a_fix(project_copy, tmp_path):
    log_items = "        - 操作歷程,包括但不限於:操作行為、編輯內容、發布時間等\n"
    original = project_copy.read("zh-TW")
    assert log_items in original
    project_copy.write("zh-TW", "privacy", original.replace(log_items, ""))
    port = _free_port()
    log_path = tmp_path / "serve.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen([*mkdocs_command(), "serve", "--dev-addr", f"127.0.0.1:{port}"],
                                  cwd=project_copy.root, stdout=log, stderr=subprocess.STDOUT, env=clean_env())
    try:
        url = f"http://127.0.0.1:{port}/zh-TW/privacy/"
        assert _wait_for(lambda: _get(url)[0] == 200), log_path.read_text()
        output = log_path.read_text()
        assert "zh-TW/privacy.md:" in output and "[parity.structure]" in output and "ERROR" in output
        assert "Traceback" not in output
        # The editor fixes the file: the server rebuilds and the warning goes away.
        project_copy.write("zh-TW", "privacy", original)
        assert _wait_for(lambda: "操作歷程" in _get(url)[1]), log_path.read_text()
    finally:
        server.terminate()
        server.wait(timeout=30)
