"""What a new user meets in the first hour: the README's deploy block, `make run`, logs, favicon."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def deploy_block() -> str:
    """The shell block under "Deploying at scale", up to and including the deploy check."""
    section = README.split("## Deploying at scale", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL).group(1)
    check = "python manage.py check --deploy --fail-level WARNING"
    assert check in block, "the deploy block no longer runs the deploy check"
    return block[: block.index(check) + len(check)]


def test_the_readme_deploy_block_passes_the_deploy_check_when_pasted_as_is():
    # The only thing a reader must fill in is the secret key ("..."); everything else runs as
    # written, with `python` being this interpreter.
    script = deploy_block().replace(
        "DJANGO_SECRET_KEY=...", f"DJANGO_SECRET_KEY={secrets.token_urlsafe(50)}"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))}
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", f'python() {{ "{sys.executable}" "$@"; }}\n{script}'],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_make_run_links_follow_the_port_it_serves_on():
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    result = subprocess.run(
        ["make", "-n", "run", "PORT=8200"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    commands = [line for line in result.stdout.splitlines() if "manage.py" in line]
    # migrate, load_demo, queue the alerts run, the worker, the server.
    assert len(commands) == 5, result.stdout + result.stderr
    assert all("SITE_URL=http://127.0.0.1:8200 " in line for line in commands), commands


def test_make_run_keeps_a_site_url_that_was_set():
    env = {**os.environ, "SITE_URL": "https://news.example.com"}
    result = subprocess.run(
        ["make", "-n", "run", "PORT=8200"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert "SITE_URL=https://news.example.com " in result.stdout


def test_development_server_logs_each_line_once():
    env = {**os.environ, "DJANGO_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "newsroom.settings"}
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('django.request').error('marker-line')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert (result.stdout + result.stderr).count("marker-line") == 1, result.stderr


def test_favicon_is_served_at_the_site_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")


def test_pages_name_an_icon(client, db):
    assert b'rel="icon"' in client.get("/").content
