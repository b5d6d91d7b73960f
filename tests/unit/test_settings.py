"""Settings: precedence, validation with one-line messages, and no secret in sight."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from hf_crawler.config import sources
from hf_crawler.config.settings import Settings
from hf_crawler.config.sources import read_dotenv
from hf_crawler.errors import ConfigError
from hf_crawler.text import redact_dsn

ROOT = Path(__file__).resolve().parents[2]
DSN = "postgresql://crawler:s3cret-pw@db.example.com:6543/postgres"


def test_flags_beat_environment_beat_dotenv_beat_defaults() -> None:
    dotenv = {"HF_CRAWL_RPS": "3", "HF_CRAWL_CONCURRENCY": "7", "HF_CRAWL_BATCH_SIZE": "9"}
    env = {"HF_CRAWL_RPS": "5", "HF_CRAWL_CONCURRENCY": "8"}
    s = sources.load({"rps": 1.5, "concurrency": None}, env, dotenv)
    assert (s.rps, s.concurrency, s.batch_size, s.limit_per_task) == (1.5, 8, 9, 1000)


def test_hub_names_are_the_huggingface_hub_ones() -> None:
    env = {
        "HF_ENDPOINT": "http://127.0.0.1:8099",
        "HUGGING_FACE_HUB_TOKEN": "hf_legacy",
        "DATABASE_URL": DSN,
        "HF_CRAWL_TASKS": "a-b, c",
    }
    s = sources.load({}, env, {})
    assert s.endpoint == "http://127.0.0.1:8099" and s.token == "hf_legacy"
    assert s.database_url == DSN and s.tasks == ("a-b", "c")
    assert sources.load({}, env | {"HF_TOKEN": "hf_new"}, {}).token == "hf_new"


def test_secrets_stay_out_of_repr_and_public_parameters() -> None:
    s = Settings(
        token="hf_abcdefghijkl",
        database_url=DSN,
        embed_url="https://embedder:emb-pw@vectors.example.com",
        embed_key="sk-EmbedKey123",
    )
    for shown in (repr(s), str(s.public())):
        for secret in ("hf_abcdefghijkl", "s3cret-pw", "emb-pw", "sk-EmbedKey123"):
            assert secret not in shown
    assert repr(s).startswith(
        "Settings(endpoint='https://huggingface.co', token='set', token_source=None,"
        " database_url='postgresql://crawler:***@db.example.com:6543/postgres', data_dir="
    )
    assert s.public()["database_url"] == "postgresql://crawler:***@db.example.com:6543/postgres"
    assert s.public()["token"] == s.public()["embed_key"] == "set"
    assert s.public()["embed_url"] == "https://embedder:***@vectors.example.com"
    assert set(s.secrets()) == {"hf_abcdefghijkl", "s3cret-pw", "emb-pw", "sk-EmbedKey123"}
    assert Settings().secrets() == () and Settings().public()["embed_key"] is None
    plain = Settings(
        endpoint="https://mirror:m-pw@hub.example.org", data_dir=Path("/srv/hf"), tasks=("a",)
    ).public()
    assert (plain["token"], plain["endpoint"]) == (None, "https://mirror:***@hub.example.org")
    assert (plain["data_dir"], plain["tasks"]) == ("/srv/hf", ["a"])  # as JSON holds them


@pytest.mark.parametrize("endpoint", ["ftp://hub.example.org", "https://", "hub.example.org"])
def test_an_endpoint_must_be_http_or_https_with_a_host(endpoint: str) -> None:
    with pytest.raises(ConfigError, match=r"is not an http\(s\) URL"):
        Settings(endpoint=endpoint)
    with pytest.raises(ConfigError, match=r"embed-url .* is not an http\(s\) URL"):
        Settings(embed_url=endpoint)


@pytest.mark.parametrize(
    ("values", "said"),
    [
        ({"match": "both"}, "match must be one of tag, pipeline; got 'both'"),
        ({"task_source": "all"}, "task-source must be one of api, union; got 'all'"),
        ({"repos": ()}, "repos must name each of models, datasets, spaces at most once, and one"),
        (
            {"repos": ("models", "models")},
            "repos must name each of models, datasets, spaces at most once, and one",
        ),
        ({"repos": ("papers",)}, "repos must be one of models, datasets, spaces; got 'papers'"),
        ({"spaces_top": 0}, "spaces-top must be above 0 and at most 1e+07; got 0"),
        ({"papers_budget": -1}, "papers-budget must be 0 to 10000000; got -1"),
        (
            {"repos": ("datasets",), "all_models": True},
            "full-Hub mode walks the models listing: --repos must name models",
        ),
        (
            {"repos": ("datasets",), "since_last_run": True},
            "full-Hub mode walks the models listing: --repos must name models",
        ),
        ({"log_format": "xml"}, "log-format must be one of auto, json, console; got 'xml'"),
        (
            {"log_level": "loud"},
            "log-level must be one of auto, debug, info, warning, error; got 'loud'",
        ),
        ({"statement_cache": "yes"}, "statement-cache must be one of auto, on, off; got 'yes'"),
        ({"tasks": ("x" * 50 + "!",)}, f"task {'x' * 40!r} is not a valid task id"),
        (
            {"endpoint": "https://hub.example.org:99999"},
            ("endpoint 'https://hub.example.org:99999' has an invalid port"),
        ),
        (
            {"endpoint": "http://hub.example.org", "token": "hf_abcdefghijkl"},
            (
                "refusing to send HF_TOKEN over plain http to hub.example.org;"
                " use https or set HF_CRAWL_ALLOW_INSECURE_TOKEN=1"
            ),
        ),
    ],
)
def test_each_refusal_says_what_and_why_in_its_own_words(
    values: dict[str, object], said: str
) -> None:
    with pytest.raises(ConfigError) as refused:
        Settings(**values)  # type: ignore[arg-type]
    assert str(refused.value) == said


def test_a_postgres_scheme_is_taken_and_a_bad_one_is_named_without_its_password() -> None:
    assert Settings(database_url="postgres://crawler:pw@db.example.com/hub").database_url
    with pytest.raises(ConfigError) as refused:
        Settings(database_url="mysql://crawler:s3cret-pw@db.example.com/hub")
    assert str(refused.value) == (
        "database URL 'mysql://crawler:***@db.example.com/hub' must start with postgresql://"
    )


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"concurrency": 0}, "concurrency must be above 0"),
        ({"rps": -2.0}, "rps must be at least 0.01"),
        ({"rps": float("nan")}, "rps must be at least 0.01"),
        ({"rps": 1e-300}, "rps must be at least 0.01 and at most 10000; got 1e-300"),
        ({"sort": "download"}, "sort must be one of"),
        ({"schema": "hf; drop"}, "lower-case SQL identifier"),
        ({"schema": "information_schema"}, "is Postgres's own"),
        ({"schema": "pg_catalog"}, "is Postgres's own"),
        ({"schema": "pg_toast"}, "is Postgres's own"),
        ({"tasks": ("bad task",)}, "not a valid task id"),
        ({"endpoint": "huggingface.co"}, "not an http(s) URL"),
        ({"database_url": "postgresql://u:pw@host:notaport/db"}, "invalid port"),
        ({"database_url": "sqlite:///x.db"}, "must start with postgresql://"),
    ],
)
def test_bad_values_are_config_errors(values: dict[str, object], message: str) -> None:
    with pytest.raises(
        ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")
    ) as caught:
        Settings(**values)  # type: ignore[arg-type]
    assert "\n" not in str(caught.value) and "pw@" not in str(caught.value)


def test_a_token_is_not_sent_over_plain_http_to_a_remote_host() -> None:
    with pytest.raises(ConfigError, match="plain http"):
        Settings(endpoint="http://mirror.example.com", token="hf_x")
    for local in ("http://127.0.0.1:8099", "http://localhost:8099", "http://[::1]:8099"):
        Settings(endpoint=local, token="hf_x")  # this machine is fine
    Settings(endpoint="http://mirror.example.com", token="hf_x", allow_insecure_token=True)


@pytest.mark.parametrize("given", [",", " , ,"])
def test_a_list_of_nothing_is_refused_not_taken_for_all(given: str) -> None:
    with pytest.raises(ConfigError, match="names nothing"):
        sources.load({"tasks": given}, {}, {})
    with pytest.raises(ConfigError, match="names nothing"):
        sources.load({}, {"HF_CRAWL_TASKS": given}, {})
    assert sources.load({}, {"HF_CRAWL_TASKS": ""}, {}).tasks == ()  # unset: all


def test_an_empty_flag_is_refused_not_taken_for_all() -> None:
    with pytest.raises(ConfigError, match="tasks: '' names nothing"):
        sources.load({"tasks": ""}, {}, {})


def test_an_unparseable_number_from_the_environment_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="rps: 'fast' is not a valid float"):
        sources.load({}, {"HF_CRAWL_RPS": "fast"}, {})


def test_dotenv_reading(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    path.write_text("# comment\n\nexport HF_TOKEN='hf_q'\nDATABASE_URL=\"postgresql://x\"\nBAD\n")
    assert read_dotenv(path) == {"HF_TOKEN": "hf_q", "DATABASE_URL": "postgresql://x"}
    assert read_dotenv(tmp_path / "missing") == {}


def test_redact_dsn_hides_only_the_password() -> None:
    assert redact_dsn(DSN) == "postgresql://crawler:***@db.example.com:6543/postgres"
    assert redact_dsn("postgresql://localhost/db") == "postgresql://localhost/db"


def test_env_template_documents_every_setting() -> None:
    text = (ROOT / ".env.template").read_text()
    special = {
        "endpoint": "HF_ENDPOINT",
        "token": "HF_TOKEN",
        "database_url": "DATABASE_URL",
        "token_source": "HF_TOKEN_PATH",
    }
    for field in dataclasses.fields(Settings):
        assert special.get(field.name, f"HF_CRAWL_{field.name.upper()}") in text, field.name


@pytest.mark.parametrize(("text", "days"), [("180d", 180), ("2w", 14), ("36h", 1.5)])
def test_prune_keep_durations(text: str, days: float) -> None:
    from hf_crawler.store.prune import parse_keep

    assert parse_keep(text).total_seconds() == days * 86400


@pytest.mark.parametrize(("text", "seconds"), [("90s", 90), ("90m", 5400), ("26h", 93_600)])
def test_a_duration_takes_seconds_minutes_and_hours(text: str, seconds: int) -> None:
    from hf_crawler.config import durations

    assert durations.parse(text, "--max-age").total_seconds() == seconds


@pytest.mark.parametrize("text", ["0d", "180", "1y", "-3d", "d", "0s", "1.5h"])
def test_bad_prune_keep_is_a_config_error(text: str) -> None:
    from hf_crawler.store.prune import parse_keep

    with pytest.raises(ConfigError, match="--keep"):
        parse_keep(text)


def test_an_unknown_boolean_is_an_error_not_a_silent_false() -> None:
    with pytest.raises(ConfigError, match="resume: 'ture' is not a boolean"):
        sources.load({}, {"HF_CRAWL_RESUME": "ture"}, {})
    assert sources.load({}, {"HF_CRAWL_RESUME": "off"}, {}).resume is False


def test_dotenv_values_lose_their_inline_comments_and_quotes(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    path.write_text("HF_CRAWL_SCHEMA=hf_prod  # prod\nHF_CRAWL_SORT='likes' # ok\n")
    s = sources.load({}, {}, read_dotenv(path))
    assert (s.schema, s.sort) == ("hf_prod", "likes")


def test_the_embedded_database_lives_in_the_user_data_dir_not_the_cwd(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    assert Settings().data_dir == tmp_path / "data-home" / "hf-crawler"


@pytest.mark.parametrize(
    ("deleted", "first_kept", "said"),
    [
        (25, 26, "deleted 25 runs older than --keep 180d; kept run 26 and later"),
        (1, 2, "deleted 1 run older than --keep 180d; kept run 2 and later"),
        (0, 0, "nothing to prune: no run recorded yet"),
    ],
)
def test_prune_says_what_it_kept_in_a_whole_sentence(
    deleted: int, first_kept: int, said: str
) -> None:
    from hf_crawler.cli.admin import prune_summary

    assert prune_summary(deleted, first_kept, "180d") == said


def test_the_data_dir_help_names_the_real_default() -> None:
    from click.testing import CliRunner

    from hf_crawler.cli.main import cli

    shown = CliRunner().invoke(cli, ["--help"]).output
    assert ".hf_crawler" not in shown and "user data directory" in " ".join(shown.split())


@pytest.mark.parametrize(
    ("name", "most"),
    [
        ("concurrency", 256),
        ("rps", 10_000),
        ("limit_per_task", 10_000_000),
        ("batch_size", 1_000_000),
        ("queue_pages", 10_000),
        ("flush_after_s", 3_600),
        ("max_tries", 100),
        ("merge_timeout_s", 86_400),
        ("lease_s", 86_400),
        ("max_tasks", 100_000),
    ],
)
def test_each_number_is_taken_up_to_its_ceiling_and_refused_above_it_by_name(
    name: str, most: int
) -> None:
    assert getattr(Settings(**{name: most}), name) == most  # type: ignore[arg-type]
    with pytest.raises(ConfigError) as refused:
        Settings(**{name: most + 1})  # type: ignore[arg-type]
    flag = name.replace("_", "-")
    lowest = "at least 0.01" if name == "rps" else "above 0"
    assert str(refused.value) == f"{flag} must be {lowest} and at most {most:g}; got {most + 1}"


@pytest.mark.parametrize("cache", ["auto", "on", "off"])
def test_each_statement_cache_choice_is_taken(cache: str) -> None:
    assert Settings(statement_cache=cache).statement_cache == cache


def test_the_lowest_rate_is_taken_at_its_floor() -> None:
    assert Settings(rps=0.01).rps == 0.01
