"""Configuration as a scheduled job meets it: one database whatever the directory, the
user's config dir .env, and `hf-crawl config` naming where each value came from."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import StartHub
from tests.e2e.test_cli import env_for, run_cli


async def test_a_crawl_and_a_report_from_other_directories_share_one_database(
    start_hub: StartHub, tmp_path: Path
) -> None:
    here, there = tmp_path / "here", tmp_path / "there"
    here.mkdir()
    there.mkdir()
    env = env_for(None, None, XDG_DATA_HOME=str(tmp_path / "data-home"))
    async with start_hub() as hub:
        crawl = await run_cli("--rps", "100", env=env | {"HF_ENDPOINT": hub.url}, cwd=here)
    report = await run_cli("report", "--format", "json", env=env, cwd=there)
    await run_cli("db-stop", env=env, cwd=there)
    assert crawl.code == 0, crawl.stderr
    assert json.loads(report.stdout)["counts"]["models"] > 0  # not a new, empty database
    assert (tmp_path / "data-home" / "hf-crawler" / "pgdata").is_dir()


async def test_config_names_each_source_and_reads_the_user_config_dotenv(tmp_path: Path) -> None:
    config_home = tmp_path / "config-home"
    (config_home / "hf-crawler").mkdir(parents=True)
    (config_home / "hf-crawler" / ".env").write_text(
        "HF_CRAWL_SORT=likes\nHF_CRAWL_SCHEMA=from_user_dir\nHF_TOKEN=hf_UserDirToken12345\n"
    )
    (tmp_path / ".env").write_text("HF_CRAWL_SCHEMA=from_cwd  # nearer wins\n")
    env = env_for(None, None, XDG_CONFIG_HOME=str(config_home), HF_CRAWL_RPS="3")
    shown = await run_cli("--concurrency", "2", "config", "--format", "json", env=env, cwd=tmp_path)
    assert shown.code == 0, shown.stderr
    settings = json.loads(shown.stdout)
    assert settings["schema"]["value"] == "from_cwd"  # the nearer .env wins
    assert settings["schema"]["from"] == f"{tmp_path / '.env'} HF_CRAWL_SCHEMA"
    assert settings["sort"]["value"] == "likes"
    assert settings["sort"]["from"] == f"{config_home / 'hf-crawler' / '.env'} HF_CRAWL_SORT"
    assert settings["rps"] == {"value": 3.0, "from": "environment HF_CRAWL_RPS"}
    assert settings["concurrency"] == {"value": 2, "from": "flag --concurrency"}
    assert settings["token"]["value"] == "set" and "hf_UserDirToken12345" not in shown.stdout


async def test_a_missing_env_file_and_one_that_is_not_utf8_are_one_line_refusals(
    tmp_path: Path,
) -> None:
    (tmp_path / "latin1.env").write_bytes(b"HF_CRAWL_SCHEMA=caf\xe9\n")
    env = env_for(None, None)
    nowhere = str(tmp_path / "nowhere.env")
    missing = await run_cli("--env-file", nowhere, "config", env=env, cwd=tmp_path)
    latin1 = await run_cli("config", env=env, cwd=tmp_path)  # not read: not named, not .env
    (tmp_path / ".env").write_bytes((tmp_path / "latin1.env").read_bytes())
    dotenv = await run_cli("config", env=env, cwd=tmp_path)
    assert missing.code == 2 and "nowhere.env' does not exist" in missing.stderr
    assert latin1.code == 0
    assert dotenv.code == 2 and "not UTF-8" in dotenv.stderr
    for result in (missing, dotenv):
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


async def test_a_setting_name_nothing_reads_is_warned_about_with_the_likely_one(
    tmp_path: Path,
) -> None:
    (tmp_path / ".env").write_text("HF_CRAWL_RPSS=3\n")
    env = env_for(None, None, HF_CRAWL_CONCURENCY="8", HF_CRAWL_LOG_FORMAT="json")
    shown = await run_cli("config", "--format", "json", env=env, cwd=tmp_path)
    assert shown.code == 0, shown.stderr
    warned = {
        e["name"]: e["did_you_mean"] for e in shown.events() if e["event"] == "unknown_setting"
    }
    assert warned == {
        "HF_CRAWL_CONCURENCY": "HF_CRAWL_CONCURRENCY",
        "HF_CRAWL_RPSS": "HF_CRAWL_RPS",
    }
    assert json.loads(shown.stdout)["concurrency"]["value"] == 4  # the typo set nothing


async def test_the_embedding_settings_are_settings_from_env_dotenv_and_flags(
    tmp_path: Path,
) -> None:
    (tmp_path / ".env").write_text(
        "HF_CRAWL_EMBED_MODEL=BAAI/bge-small-en-v1.5\nHF_CRAWL_EMBED_KEY=sk-DotenvKey123456\n"
    )
    env = env_for(None, None, HF_CRAWL_EMBED_URL="http://127.0.0.1:8080")
    shown = await run_cli("config", "--format", "json", env=env, cwd=tmp_path)
    flagged = await run_cli("search", "x", "--embed-url", "notaurl", "--semantic", env=env)
    assert shown.code == 0, shown.stderr
    assert "unknown_setting" not in shown.stderr
    settings = json.loads(shown.stdout)
    assert settings["embed_url"] == {
        "value": "http://127.0.0.1:8080",
        "from": "environment HF_CRAWL_EMBED_URL",
    }
    assert settings["embed_model"] == {
        "value": "BAAI/bge-small-en-v1.5",
        "from": f"{tmp_path / '.env'} HF_CRAWL_EMBED_MODEL",
    }
    assert settings["embed_key"]["value"] == "set" and "DotenvKey" not in shown.stdout
    assert flagged.code == 2, flagged.stderr
    assert flagged.stderr.strip() == "hf-crawl: error: embed-url 'notaurl' is not an http(s) URL"
